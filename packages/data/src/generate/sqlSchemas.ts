/** Small single-table schemas for the text-to-SQL task. */
export interface TextColumn {
  column: string;
  /** The column's name in questions ("department"). */
  noun: string;
  values: string[];
}

export interface NumberColumn {
  column: string;
  noun: string;
  min: number;
  max: number;
}

export interface TableSpec {
  id: string;
  table: string;
  /** Plural noun for the rows ("employees"). */
  rows: string;
  /** Singular noun for one row ("employee"). */
  row: string;
  /** The column that names a row. */
  label: string;
  text: TextColumn[];
  numbers: NumberColumn[];
}

export const TRAIN_TABLES: TableSpec[] = [
  {
    id: 'employees',
    table: 'employees',
    rows: 'employees',
    row: 'employee',
    label: 'name',
    text: [
      {
        column: 'department',
        noun: 'department',
        values: ['Sales', 'Marketing', 'Finance', 'Legal', 'Support', 'Research'],
      },
      { column: 'city', noun: 'city', values: ['Boston', 'Denver', 'Austin', 'Seattle', 'Chicago'] },
    ],
    numbers: [
      { column: 'salary', noun: 'salary', min: 30000, max: 150000 },
      { column: 'age', noun: 'age', min: 20, max: 65 },
    ],
  },
  {
    id: 'books',
    table: 'books',
    rows: 'books',
    row: 'book',
    label: 'title',
    text: [
      {
        column: 'genre',
        noun: 'genre',
        values: ['Fantasy', 'Mystery', 'Romance', 'History', 'Poetry', 'Science'],
      },
      { column: 'language', noun: 'language', values: ['English', 'French', 'Spanish', 'German'] },
    ],
    numbers: [
      { column: 'pages', noun: 'page count', min: 80, max: 900 },
      { column: 'year', noun: 'publication year', min: 1900, max: 2023 },
    ],
  },
  {
    id: 'movies',
    table: 'movies',
    rows: 'movies',
    row: 'movie',
    label: 'title',
    text: [
      {
        column: 'director',
        noun: 'director',
        values: ['Ava Stone', 'Ken Ito', 'Lena Ruiz', 'Omar Haddad', 'Paula Berg'],
      },
      { column: 'rating', noun: 'age rating', values: ['G', 'PG', 'PG-13', 'R'] },
    ],
    numbers: [
      { column: 'runtime', noun: 'runtime', min: 70, max: 200 },
      { column: 'budget', noun: 'budget', min: 1, max: 300 },
    ],
  },
  {
    id: 'products',
    table: 'products',
    rows: 'products',
    row: 'product',
    label: 'name',
    text: [
      {
        column: 'category',
        noun: 'category',
        values: ['Toys', 'Garden', 'Kitchen', 'Sports', 'Office', 'Books'],
      },
      { column: 'brand', noun: 'brand', values: ['Acme', 'Northwind', 'Bluebird', 'Orbit'] },
    ],
    numbers: [
      { column: 'price', noun: 'price', min: 2, max: 500 },
      { column: 'stock', noun: 'stock level', min: 0, max: 1000 },
    ],
  },
  {
    id: 'students',
    table: 'students',
    rows: 'students',
    row: 'student',
    label: 'name',
    text: [
      {
        column: 'major',
        noun: 'major',
        values: ['Biology', 'Physics', 'Economics', 'Art', 'Music', 'Chemistry'],
      },
      { column: 'year_group', noun: 'year group', values: ['First', 'Second', 'Third', 'Fourth'] },
    ],
    numbers: [
      { column: 'gpa', noun: 'GPA', min: 1, max: 4 },
      { column: 'credits', noun: 'credit total', min: 0, max: 180 },
    ],
  },
  {
    id: 'cars',
    table: 'cars',
    rows: 'cars',
    row: 'car',
    label: 'model',
    text: [
      { column: 'maker', noun: 'maker', values: ['Volvo', 'Toyota', 'Ford', 'Kia', 'Fiat', 'Honda'] },
      { column: 'fuel', noun: 'fuel type', values: ['Petrol', 'Diesel', 'Electric', 'Hybrid'] },
    ],
    numbers: [
      { column: 'horsepower', noun: 'horsepower', min: 60, max: 500 },
      { column: 'price', noun: 'price', min: 9000, max: 90000 },
    ],
  },
  {
    id: 'songs',
    table: 'songs',
    rows: 'songs',
    row: 'song',
    label: 'title',
    text: [
      { column: 'artist', noun: 'artist', values: ['Nova', 'The Lanterns', 'Mira Sol', 'Echo Park', 'Dune'] },
      { column: 'genre', noun: 'genre', values: ['Pop', 'Rock', 'Jazz', 'Folk', 'Blues'] },
    ],
    numbers: [
      { column: 'duration', noun: 'duration', min: 90, max: 480 },
      { column: 'plays', noun: 'play count', min: 100, max: 900000 },
    ],
  },
  {
    id: 'restaurants',
    table: 'restaurants',
    rows: 'restaurants',
    row: 'restaurant',
    label: 'name',
    text: [
      {
        column: 'cuisine',
        noun: 'cuisine',
        values: ['Thai', 'Italian', 'Mexican', 'Indian', 'Greek', 'Korean'],
      },
      { column: 'district', noun: 'district', values: ['Harbor', 'Old Town', 'Riverside', 'Uptown'] },
    ],
    numbers: [
      { column: 'seats', noun: 'number of seats', min: 10, max: 200 },
      { column: 'stars', noun: 'star rating', min: 1, max: 5 },
    ],
  },
  {
    id: 'flights',
    table: 'flights',
    rows: 'flights',
    row: 'flight',
    label: 'code',
    text: [
      { column: 'origin', noun: 'origin', values: ['Lisbon', 'Oslo', 'Cairo', 'Lima', 'Dubai', 'Tokyo'] },
      { column: 'airline', noun: 'airline', values: ['SkyWay', 'AeroNord', 'BlueJet', 'SunAir'] },
    ],
    numbers: [
      { column: 'distance', noun: 'distance', min: 200, max: 12000 },
      { column: 'seats', noun: 'seat count', min: 50, max: 400 },
    ],
  },
  {
    id: 'players',
    table: 'players',
    rows: 'players',
    row: 'player',
    label: 'name',
    text: [
      { column: 'team', noun: 'team', values: ['Falcons', 'Tigers', 'Rovers', 'Comets', 'Wolves'] },
      { column: 'position', noun: 'position', values: ['Goalkeeper', 'Defender', 'Midfielder', 'Forward'] },
    ],
    numbers: [
      { column: 'goals', noun: 'goal tally', min: 0, max: 40 },
      { column: 'matches', noun: 'match count', min: 1, max: 60 },
    ],
  },
];

/** Schemas that appear only in the evaluation split. */
export const EVAL_TABLES: TableSpec[] = [
  {
    id: 'hotels',
    table: 'hotels',
    rows: 'hotels',
    row: 'hotel',
    label: 'name',
    text: [
      { column: 'country', noun: 'country', values: ['Italy', 'Chile', 'Japan', 'Kenya', 'Canada'] },
      { column: 'chain', noun: 'chain', values: ['Harbor Inns', 'Palm Stay', 'Summit Lodges'] },
    ],
    numbers: [
      { column: 'rooms', noun: 'number of rooms', min: 10, max: 600 },
      { column: 'nightly_rate', noun: 'nightly rate', min: 40, max: 900 },
    ],
  },
  {
    id: 'paintings',
    table: 'paintings',
    rows: 'paintings',
    row: 'painting',
    label: 'title',
    text: [
      { column: 'painter', noun: 'painter', values: ['Iris Vale', 'Tomas Reyes', 'Anja Holm', 'Leo Marsh'] },
      { column: 'museum', noun: 'museum', values: ['City Gallery', 'North Museum', 'Modern Hall'] },
    ],
    numbers: [
      { column: 'year', noun: 'year', min: 1500, max: 2020 },
      { column: 'width', noun: 'width', min: 20, max: 400 },
    ],
  },
  {
    id: 'courses',
    table: 'courses',
    rows: 'courses',
    row: 'course',
    label: 'title',
    text: [
      { column: 'faculty', noun: 'faculty', values: ['Engineering', 'Law', 'Medicine', 'Arts'] },
      { column: 'term', noun: 'term', values: ['Autumn', 'Spring', 'Summer'] },
    ],
    numbers: [
      { column: 'enrolled', noun: 'enrolment', min: 5, max: 300 },
      { column: 'credits', noun: 'credit value', min: 1, max: 10 },
    ],
  },
  {
    id: 'trails',
    table: 'trails',
    rows: 'hiking trails',
    row: 'hiking trail',
    label: 'name',
    text: [
      { column: 'park', noun: 'park', values: ['Pine Ridge', 'Lake Hollow', 'Red Rock', 'Misty Vale'] },
      { column: 'difficulty', noun: 'difficulty', values: ['Easy', 'Moderate', 'Hard'] },
    ],
    numbers: [
      { column: 'length_km', noun: 'length in kilometres', min: 1, max: 40 },
      { column: 'elevation', noun: 'elevation gain', min: 10, max: 2000 },
    ],
  },
];

/** Renders the schema as a `CREATE TABLE` statement with an integer id, the label, and the other columns. */
export function renderSchema(spec: TableSpec): string {
  const columns = [
    'id INTEGER',
    `${spec.label} TEXT`,
    ...spec.text.map((column) => `${column.column} TEXT`),
    ...spec.numbers.map(
      (column) => `${column.column} ${Number.isInteger(column.min) && column.max > 4 ? 'INTEGER' : 'REAL'}`,
    ),
  ];
  return `CREATE TABLE ${spec.table} (${columns.join(', ')});`;
}
