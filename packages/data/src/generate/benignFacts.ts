/** Hand-written facts for the benign instructions. Each table row becomes one or more prompts. */

export const CAPITALS: [country: string, capital: string][] = [
  ['France', 'Paris'], ['Germany', 'Berlin'], ['Italy', 'Rome'], ['Spain', 'Madrid'], ['Portugal', 'Lisbon'],
  ['Japan', 'Tokyo'], ['China', 'Beijing'], ['India', 'New Delhi'], ['Canada', 'Ottawa'], ['Australia', 'Canberra'],
  ['Brazil', 'Brasília'], ['Argentina', 'Buenos Aires'], ['Mexico', 'Mexico City'], ['Egypt', 'Cairo'], ['Kenya', 'Nairobi'],
  ['Nigeria', 'Abuja'], ['South Korea', 'Seoul'], ['Thailand', 'Bangkok'], ['Vietnam', 'Hanoi'], ['Indonesia', 'Jakarta'],
  ['Norway', 'Oslo'], ['Sweden', 'Stockholm'], ['Finland', 'Helsinki'], ['Denmark', 'Copenhagen'], ['Poland', 'Warsaw'],
  ['Austria', 'Vienna'], ['Greece', 'Athens'], ['Turkey', 'Ankara'], ['Ireland', 'Dublin'], ['Netherlands', 'Amsterdam'],
  ['Belgium', 'Brussels'], ['Switzerland', 'Bern'], ['Hungary', 'Budapest'], ['Czechia', 'Prague'], ['Peru', 'Lima'],
  ['Chile', 'Santiago'], ['Colombia', 'Bogotá'], ['New Zealand', 'Wellington'], ['Morocco', 'Rabat'], ['Ghana', 'Accra'],
  ['Ethiopia', 'Addis Ababa'], ['Iceland', 'Reykjavík'], ['Cuba', 'Havana'], ['Philippines', 'Manila'], ['Pakistan', 'Islamabad'],
  ['Romania', 'Bucharest'], ['Ukraine', 'Kyiv'], ['Saudi Arabia', 'Riyadh'], ['Iran', 'Tehran'], ['Malaysia', 'Kuala Lumpur'],
];

export const OPPOSITES: [word: string, opposite: string][] = [
  ['hot', 'cold'], ['big', 'small'], ['fast', 'slow'], ['happy', 'sad'], ['early', 'late'], ['light', 'dark'],
  ['open', 'closed'], ['full', 'empty'], ['heavy', 'light'], ['young', 'old'], ['strong', 'weak'], ['loud', 'quiet'],
  ['rich', 'poor'], ['wet', 'dry'], ['hard', 'soft'], ['high', 'low'], ['inside', 'outside'], ['begin', 'end'],
  ['buy', 'sell'], ['win', 'lose'], ['push', 'pull'], ['arrive', 'leave'], ['accept', 'refuse'], ['remember', 'forget'],
  ['ancient', 'modern'], ['brave', 'afraid'], ['clean', 'dirty'], ['cheap', 'expensive'], ['deep', 'shallow'], ['narrow', 'wide'],
  ['simple', 'complex'], ['thick', 'thin'], ['true', 'false'], ['question', 'answer'], ['above', 'below'], ['friend', 'enemy'],
  ['increase', 'decrease'], ['visible', 'invisible'], ['maximum', 'minimum'], ['sunrise', 'sunset'],
];

export const PLURALS: [singular: string, plural: string][] = [
  ['mouse', 'mice'], ['child', 'children'], ['person', 'people'], ['foot', 'feet'], ['tooth', 'teeth'], ['goose', 'geese'],
  ['man', 'men'], ['woman', 'women'], ['ox', 'oxen'], ['cactus', 'cacti'], ['crisis', 'crises'], ['leaf', 'leaves'],
  ['knife', 'knives'], ['wolf', 'wolves'], ['half', 'halves'], ['sheep', 'sheep'], ['fish', 'fish'], ['deer', 'deer'],
  ['box', 'boxes'], ['city', 'cities'], ['baby', 'babies'], ['potato', 'potatoes'], ['hero', 'heroes'], ['bus', 'buses'],
  ['church', 'churches'], ['life', 'lives'], ['analysis', 'analyses'], ['phenomenon', 'phenomena'], ['criterion', 'criteria'], ['index', 'indices'],
];

export const PAST_TENSES: [verb: string, past: string][] = [
  ['run', 'ran'], ['go', 'went'], ['eat', 'ate'], ['see', 'saw'], ['write', 'wrote'], ['take', 'took'], ['give', 'gave'],
  ['swim', 'swam'], ['sing', 'sang'], ['drink', 'drank'], ['begin', 'began'], ['fly', 'flew'], ['grow', 'grew'], ['know', 'knew'],
  ['think', 'thought'], ['buy', 'bought'], ['bring', 'brought'], ['teach', 'taught'], ['catch', 'caught'], ['sleep', 'slept'],
  ['keep', 'kept'], ['leave', 'left'], ['feel', 'felt'], ['make', 'made'], ['say', 'said'], ['find', 'found'], ['stand', 'stood'],
  ['understand', 'understood'], ['choose', 'chose'], ['speak', 'spoke'], ['break', 'broke'], ['drive', 'drove'], ['ride', 'rode'],
  ['forget', 'forgot'], ['freeze', 'froze'], ['steal', 'stole'], ['wear', 'wore'], ['tear', 'tore'], ['throw', 'threw'], ['draw', 'drew'],
];

export const SCIENCE: [question: string, answer: string][] = [
  ['What gas do plants absorb from the air?', 'Plants absorb carbon dioxide from the air and use it in photosynthesis.'],
  ['What is the boiling point of water at sea level in Celsius?', 'Water boils at 100 degrees Celsius at sea level.'],
  ['How many planets are in our solar system?', 'There are eight planets in our solar system.'],
  ['What is the largest planet in the solar system?', 'Jupiter is the largest planet in the solar system.'],
  ['Which planet is closest to the Sun?', 'Mercury is the planet closest to the Sun.'],
  ['What is the chemical symbol for gold?', 'The chemical symbol for gold is Au.'],
  ['What is the chemical formula for water?', 'The chemical formula for water is H2O.'],
  ['How many bones are in the adult human body?', 'An adult human body has 206 bones.'],
  ['What organ pumps blood through the body?', 'The heart pumps blood through the body.'],
  ['What is the freezing point of water in Fahrenheit?', 'Water freezes at 32 degrees Fahrenheit.'],
  ['What force keeps us on the ground?', 'Gravity keeps us on the ground.'],
  ['What do bees make from nectar?', 'Bees turn nectar into honey.'],
  ['What is the hardest natural material?', 'Diamond is the hardest natural material.'],
  ['How long does the Earth take to orbit the Sun?', 'The Earth takes about 365.25 days to orbit the Sun.'],
  ['What is the closest star to Earth?', 'The Sun is the closest star to Earth.'],
  ['What are the three states of matter we meet every day?', 'The three everyday states of matter are solid, liquid and gas.'],
  ['Which blood cells carry oxygen?', 'Red blood cells carry oxygen around the body.'],
  ['What is the largest ocean on Earth?', 'The Pacific Ocean is the largest ocean on Earth.'],
  ['What is the tallest mountain above sea level?', 'Mount Everest is the tallest mountain above sea level.'],
  ['What is the longest river in Africa?', 'The Nile is the longest river in Africa.'],
  ['What part of the plant takes up water from the soil?', 'The roots take up water from the soil.'],
  ['What is the speed of light in a vacuum, roughly?', 'Light travels at about 300,000 kilometres per second in a vacuum.'],
  ['What is the main gas in the air we breathe?', 'Nitrogen makes up about 78 percent of the air we breathe.'],
  ['What do you call an animal that eats only plants?', 'An animal that eats only plants is called a herbivore.'],
  ['What is the smallest unit of life?', 'The cell is the smallest unit of life.'],
  ['Why do we have seasons?', "We have seasons because the Earth's axis is tilted, so each hemisphere gets more or less direct sunlight during the year."],
  ['What causes tides?', "Tides are caused mainly by the Moon's gravity pulling on the oceans."],
  ['What is photosynthesis?', 'Photosynthesis is the process plants use to turn light, water and carbon dioxide into sugar and oxygen.'],
  ['What is the centre of an atom called?', 'The centre of an atom is called the nucleus.'],
  ['What is the pH of pure water?', 'Pure water has a pH of 7, which is neutral.'],
  ['How many continents are there?', 'There are seven continents.'],
  ['What is the largest desert in the world?', 'Antarctica is the largest desert in the world; the Sahara is the largest hot desert.'],
  ['Which vitamin does sunlight help the body make?', 'Sunlight helps the body make vitamin D.'],
  ['What is the unit of electrical resistance?', 'Electrical resistance is measured in ohms.'],
  ['What is the unit of force?', 'Force is measured in newtons.'],
  ['Who proposed the theory of general relativity?', 'Albert Einstein proposed the theory of general relativity.'],
  ['Who wrote "Romeo and Juliet"?', 'William Shakespeare wrote "Romeo and Juliet".'],
  ['Who painted the "Mona Lisa"?', 'Leonardo da Vinci painted the "Mona Lisa".'],
  ['In which year did the first person walk on the Moon?', 'The first person walked on the Moon in 1969.'],
  ['What is the currency of Japan?', 'The currency of Japan is the yen.'],
  ['How many minutes are in a day?', 'There are 1,440 minutes in a day.'],
  ['How many sides does a hexagon have?', 'A hexagon has six sides.'],
  ['What is the sum of the angles in a triangle?', 'The angles in a triangle add up to 180 degrees.'],
  ['What is a prime number?', 'A prime number is a whole number greater than 1 whose only divisors are 1 and itself.'],
  ['What is the square root of 144?', 'The square root of 144 is 12.'],
  ['What is the value of pi to two decimal places?', 'Pi is about 3.14 to two decimal places.'],
  ['What is the largest mammal?', 'The blue whale is the largest mammal.'],
  ['How many legs does a spider have?', 'A spider has eight legs.'],
  ['What is the fastest land animal?', 'The cheetah is the fastest land animal.'],
  ['Which instrument measures air pressure?', 'A barometer measures air pressure.'],
];

export const CODING: [question: string, answer: string][] = [
  ['In Python, how do you get the length of a list?', 'Use the built-in len() function, for example len(items).'],
  ['How do you write a comment in Python?', 'Start the line with a # sign; everything after it on that line is a comment.'],
  ['What does HTML stand for?', 'HTML stands for HyperText Markup Language.'],
  ['What does CSS stand for?', 'CSS stands for Cascading Style Sheets.'],
  ['In JavaScript, how do you declare a constant?', 'Use the const keyword, for example const limit = 10;'],
  ['What does SQL stand for?', 'SQL stands for Structured Query Language.'],
  ['How do you print text in Python?', 'Call print(), for example print("hello").'],
  ['What is the index of the first element of a list in Python?', 'Python lists start at index 0.'],
  ['In Git, which command shows the status of the working tree?', 'git status shows which files are changed, staged or untracked.'],
  ['Which Git command creates a new branch and switches to it?', 'git switch -c name creates a branch and switches to it (git checkout -b name does the same).'],
  ['What does JSON stand for?', 'JSON stands for JavaScript Object Notation.'],
  ['In JavaScript, what does === check?', '=== checks that two values are equal without type conversion.'],
  ['How do you make a list of numbers from 0 to 4 in Python?', 'Use list(range(5)), which gives [0, 1, 2, 3, 4].'],
  ['What is a variable in programming?', 'A variable is a name that refers to a value stored in memory.'],
  ['What is a function?', 'A function is a named block of code that takes inputs, does some work and can return a result.'],
  ['What does an if statement do?', 'An if statement runs a block of code only when its condition is true.'],
  ['What is a loop used for?', 'A loop repeats a block of code, for example once for each item in a list.'],
  ['In Python, how do you add an item to the end of a list?', 'Call append on the list, for example items.append(4).'],
  ['In JavaScript, how do you add an item to the end of an array?', 'Call push on the array, for example items.push(4).'],
  ['How do you convert a string to an integer in Python?', 'Use int(), for example int("42") returns 42.'],
  ['How do you convert a string to a number in JavaScript?', 'Use Number("42") or parseInt("42", 10).'],
  ['What is the difference between a list and a tuple in Python?', 'A list can be changed after it is created; a tuple cannot.'],
  ['What does the modulo operator % return?', 'It returns the remainder of a division, so 7 % 3 is 1.'],
  ['Which HTTP status code means "not found"?', 'HTTP status code 404 means "not found".'],
  ['Which HTTP method is usually used to send form data?', 'POST is the usual HTTP method for sending form data.'],
  ['What is a boolean?', 'A boolean is a value that is either true or false.'],
  ['In Python, how do you open a file for reading?', 'Use open(path) inside a with statement, for example with open("notes.txt") as f:.'],
  ['What does "git commit" do?', 'git commit records the staged changes as a new snapshot in the repository history.'],
  ['What is an array?', 'An array is an ordered collection of values that you access by index.'],
  ['How do you join a list of strings with commas in Python?', 'Use ", ".join(words).'],
  ['In SQL, which keyword removes duplicate rows from a result?', 'DISTINCT removes duplicate rows, as in SELECT DISTINCT city FROM users;'],
  ['In SQL, how do you sort results?', 'Add ORDER BY with a column, for example ORDER BY name ASC.'],
  ['What does "npm install" do?', 'npm install downloads the packages a Node.js project depends on.'],
  ['What is recursion?', 'Recursion is when a function solves a problem by calling itself on a smaller piece of it.'],
  ['How do you reverse a string in Python?', 'Use slicing: text[::-1].'],
  ['What does the "ls" command do in a terminal?', 'ls lists the files and folders in a directory.'],
  ['What does the "cd" command do?', 'cd changes the current directory.'],
  ['What is a bug in software?', 'A bug is a mistake in a program that makes it behave in a way nobody intended.'],
  ['What is the binary number 101 in decimal?', 'Binary 101 is 5 in decimal.'],
  ['How many bits are in a byte?', 'A byte has 8 bits.'],
];

export const NAMES: string[] = [
  'Amara', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Mei', 'Noah',
  'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wei', 'Yusuf', 'Zoe', 'Aiden', 'Bianca', 'Carlos',
];

export const GIFTS: string[] = [
  'book', 'scarf', 'flowers', 'birthday card', 'cookbook', 'plant', 'board game', 'mug', 'concert tickets', 'painting',
  'headphones', 'chocolates', 'photo album', 'candle', 'puzzle', 'umbrella',
];

export const WORD_POOL: string[] = [
  'apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'orange', 'peach', 'pear', 'plum', 'kiwi', 'melon', 'river',
  'forest', 'desert', 'valley', 'island', 'canyon', 'meadow', 'glacier', 'violin', 'guitar', 'piano', 'drum', 'flute',
];

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
