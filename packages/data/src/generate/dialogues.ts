import type { Rng } from './rng.ts';

/** Values a dialogue draws from; training and evaluation use different name lists. */
export interface Cast {
  first: string;
  second: string;
  third: string;
}

export interface Dialogue {
  lines: [speaker: string, text: string][];
  summary: string;
}

export type Scenario = (rng: Rng, cast: Cast) => Dialogue;

export const TRAIN_NAMES = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Emma',
  'Felix',
  'Gina',
  'Hugo',
  'Isla',
  'Jack',
  'Kira',
  'Leo',
  'Maya',
  'Nick',
  'Olivia',
  'Paul',
  'Rita',
  'Sam',
  'Tina',
  'Victor',
];
export const EVAL_NAMES = [
  'Aisha',
  'Bruno',
  'Celine',
  'Dario',
  'Elif',
  'Fiona',
  'Goran',
  'Hana',
  'Ivan',
  'Julia',
  'Kenji',
  'Lucia',
];

const PLACES = [
  'library',
  'coffee shop',
  'train station',
  'park entrance',
  'gym',
  'bakery',
  'bookshop',
  'museum',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const TIMES = ['9 am', '10 am', '11 am', 'noon', '1 pm', '3 pm', '4 pm', '6 pm', '7 pm'];
const ITEMS = [
  'ladder',
  'drill',
  'camera',
  'tent',
  'bike pump',
  'projector',
  'suitcase',
  'blender',
  'guitar',
];
const ACTIVITIES = [
  'dinner',
  'the cinema trip',
  'our tennis game',
  'the study session',
  'the hike',
  'brunch',
];
/** Reasons in the speaker's words and in the summary's third person. */
const REASONS: [spoken: string, reported: string][] = [
  ['I have a fever', 'they have a fever'],
  ['my boss needs me to work late', 'they have to work late'],
  ['my train got cancelled', 'their train got cancelled'],
  ['my sister is visiting', 'their sister is visiting'],
  ['I have a dentist appointment', 'they have a dentist appointment'],
];
const FOODS = ['pizza', 'noodles', 'tacos', 'a curry', 'sushi', 'a salad', 'a burger', 'dumplings'];
const RESTAURANTS = ["Luigi's", 'Golden Wok', 'Casa Verde', 'Spice Route', 'The Corner Grill'];
const LOST = ['keys', 'wallet', 'glasses', 'phone charger', 'umbrella', 'headphones'];
const SPOTS = [
  'on the kitchen table',
  'in the car',
  'at the front desk',
  'under the sofa',
  'in the meeting room',
];
const DELAYS = ['10', '15', '20', '25', '30'];
const LATE_REASONS = [
  'traffic is terrible',
  'the bus broke down',
  'I missed my stop',
  'it is raining heavily',
];
const GIFTS = ['a cookbook', 'concert tickets', 'a scarf', 'a plant', 'a board game', 'a watch'];
const AMOUNTS = ['20', '25', '30', '40', '50'];
const SUBJECTS = ['maths', 'chemistry', 'history', 'French', 'statistics', 'physics'];
const CITIES = ['Lisbon', 'Prague', 'Edinburgh', 'Vienna', 'Krakow', 'Porto', 'Seville'];
const TRANSPORT = ['train', 'bus', 'car'];
const PETS = ['cat', 'dog', 'rabbit', 'parrot', 'goldfish'];
const GENRES = ['comedy', 'thriller', 'animated film', 'documentary', 'horror film'];

function meetUp(rng: Rng, { first, second }: Cast): Dialogue {
  const [place, day, time] = [rng.pick(PLACES), rng.pick(DAYS), rng.pick(TIMES)];
  return {
    lines: [
      [
        first,
        rng.pick([
          `Hi ${second}, are you free on ${day}?`,
          `Hey, do you have time on ${day}?`,
          `${second}, can we catch up on ${day}?`,
        ]),
      ],
      [
        second,
        rng.pick([
          'Yes, I should be. What did you have in mind?',
          'I think so. Why?',
          'Sure, what are you thinking?',
        ]),
      ],
      [
        first,
        rng.pick([
          `Let's meet at the ${place} at ${time}.`,
          `How about the ${place} at ${time}?`,
          `Could we meet at the ${place}, say ${time}?`,
        ]),
      ],
      [
        second,
        rng.pick([
          `Perfect, see you at the ${place} at ${time}.`,
          `Sounds good, ${time} works for me.`,
          `Great, I'll be there at ${time}.`,
        ]),
      ],
    ],
    summary: `${first} and ${second} will meet at the ${place} on ${day} at ${time}.`,
  };
}

function borrow(rng: Rng, { first, second }: Cast): Dialogue {
  const [item, day] = [rng.pick(ITEMS), rng.pick(DAYS)];
  return {
    lines: [
      [
        first,
        rng.pick([
          `Could I borrow your ${item}?`,
          `Do you still have that ${item}? Can I borrow it?`,
          `I need a ${item} for the weekend. Can I use yours?`,
        ]),
      ],
      [
        second,
        rng.pick([
          'Of course. When do you need it back by?',
          'Sure. How long do you need it?',
          'No problem. When will you return it?',
        ]),
      ],
      [
        first,
        rng.pick([`I'll bring it back on ${day}.`, `You'll have it back by ${day}.`, `Is ${day} okay?`]),
      ],
      [
        second,
        rng.pick([
          `${day} is fine. Come and get it whenever you like.`,
          `Okay, ${day} works.`,
          `Fine by me, see you on ${day}.`,
        ]),
      ],
    ],
    summary: `${first} will borrow ${second}'s ${item} and return it on ${day}.`,
  };
}

function cancel(rng: Rng, { first, second }: Cast): Dialogue {
  const [activity, [reason, because], day] = [rng.pick(ACTIVITIES), rng.pick(REASONS), rng.pick(DAYS)];
  return {
    lines: [
      [
        first,
        rng.pick([
          `I'm so sorry, I have to cancel ${activity} tonight.`,
          `Bad news, I can't make ${activity} today.`,
        ]),
      ],
      [second, rng.pick(['Oh no, is everything okay?', 'That is a shame. What happened?'])],
      [first, `${reason[0].toUpperCase()}${reason.slice(1)}. Could we do it on ${day} instead?`],
      [second, rng.pick([`Sure, ${day} works for me.`, `No worries, let's move it to ${day}.`])],
    ],
    summary: `${first} cancels ${activity.replace(/^our /, 'their ')} with ${second} because ${because}, and they move it to ${day}.`,
  };
}

function orderFood(rng: Rng, { first, second }: Cast): Dialogue {
  const [firstFood, secondFood] = rng.sample(FOODS, 2);
  const restaurant = rng.pick(RESTAURANTS);
  return {
    lines: [
      [first, rng.pick(["I'm starving. Shall we order in?", 'Want to get takeaway tonight?'])],
      [second, rng.pick([`Yes! Let's order from ${restaurant}.`, `Good idea. How about ${restaurant}?`])],
      [first, `Great, I'll have ${firstFood}.`],
      [
        second,
        rng.pick([`And I'll get ${secondFood}. I'll place the order.`, `I'll take ${secondFood} then.`]),
      ],
    ],
    summary: `${first} and ${second} order ${firstFood} and ${secondFood} from ${restaurant}.`,
  };
}

function lostItem(rng: Rng, { first, second }: Cast): Dialogue {
  const [item, spot] = [rng.pick(LOST), rng.pick(SPOTS)];
  const plural = item.endsWith('s');
  return {
    lines: [
      [
        first,
        rng.pick([
          `Have you seen my ${item}? I can't find ${plural ? 'them' : 'it'} anywhere.`,
          `I've lost my ${item} again.`,
        ]),
      ],
      [
        second,
        rng.pick([
          `I saw your ${item} ${spot} this morning.`,
          `I think your ${item} ${plural ? 'are' : 'is'} ${spot}.`,
        ]),
      ],
      [first, rng.pick(['Thank you so much!', 'Phew, what a relief.'])],
    ],
    summary: `${first} lost their ${item}, and ${second} says ${plural ? 'they are' : 'it is'} ${spot}.`,
  };
}

function runningLate(rng: Rng, { first, second }: Cast): Dialogue {
  const [delay, reason, place] = [rng.pick(DELAYS), rng.pick(LATE_REASONS), rng.pick(PLACES)];
  return {
    lines: [
      [first, `I'm running about ${delay} minutes late because ${reason}.`],
      [
        second,
        rng.pick([`No problem, I'll wait for you at the ${place}.`, `That's fine. I'll be at the ${place}.`]),
      ],
      [first, rng.pick(['Thanks, see you soon.', 'Thank you, I will hurry.'])],
    ],
    summary: `${first} will be ${delay} minutes late, and ${second} will wait at the ${place}.`,
  };
}

function giftPlanning(rng: Rng, { first, second, third }: Cast): Dialogue {
  const [gift, amount] = [rng.pick(GIFTS), rng.pick(AMOUNTS)];
  return {
    lines: [
      [first, `${third}'s birthday is next week. Should we get a present together?`],
      [second, rng.pick([`Yes! What about ${gift}?`, `Good idea. I was thinking of ${gift}.`])],
      [
        first,
        rng.pick([`Perfect. Shall we split it, ${amount} dollars each?`, `Love it. ${amount} dollars each?`]),
      ],
      [second, rng.pick(['Deal.', 'Sounds fair, I will send you my share.'])],
    ],
    summary: `${first} and ${second} will buy ${gift} for ${third}'s birthday and pay ${amount} dollars each.`,
  };
}

function homework(rng: Rng, { first, second }: Cast): Dialogue {
  const [subject, day, time] = [rng.pick(SUBJECTS), rng.pick(DAYS), rng.pick(TIMES)];
  return {
    lines: [
      [
        first,
        rng.pick([
          `I'm stuck on the ${subject} homework. Could you help me?`,
          `Do you understand the ${subject} assignment? I'm lost.`,
        ]),
      ],
      [
        second,
        rng.pick([
          `Sure. Want to meet at the library on ${day}?`,
          `Yes, let's go through it at the library on ${day}.`,
        ]),
      ],
      [first, `That would be great. Is ${time} okay?`],
      [second, rng.pick([`${time} is fine.`, `Yes, see you then.`])],
    ],
    summary: `${second} will help ${first} with ${subject} homework at the library on ${day} at ${time}.`,
  };
}

function tripPlanning(rng: Rng, { first, second }: Cast): Dialogue {
  const [city, transport, day] = [rng.pick(CITIES), rng.pick(TRANSPORT), rng.pick(DAYS)];
  return {
    lines: [
      [first, rng.pick([`We should finally plan our trip to ${city}.`, `Are we still going to ${city}?`])],
      [
        second,
        rng.pick([`Yes! Should we go by ${transport}?`, `Definitely. I think the ${transport} is easiest.`]),
      ],
      [first, `Good idea. Let's leave on ${day} morning.`],
      [second, rng.pick(["Great, I'll look up the times.", 'Perfect, I can not wait.'])],
    ],
    summary: `${first} and ${second} will travel to ${city} by ${transport}, leaving on ${day} morning.`,
  };
}

function petSitting(rng: Rng, { first, second }: Cast): Dialogue {
  const [pet, day] = [rng.pick(PETS), rng.pick(DAYS)];
  return {
    lines: [
      [first, `I'm away until ${day}. Could you feed my ${pet} while I'm gone?`],
      [second, rng.pick([`Of course. Where do you keep the food?`, 'Happy to. Anything I should know?'])],
      [
        first,
        rng.pick([
          "It's in the cupboard by the door. Thank you so much!",
          'The food is next to the fridge. You are a lifesaver.',
        ]),
      ],
    ],
    summary: `${second} will feed ${first}'s ${pet} while ${first} is away until ${day}.`,
  };
}

function carRepair(rng: Rng, { first, second }: Cast): Dialogue {
  const [place, time] = [rng.pick(PLACES), rng.pick(TIMES)];
  return {
    lines: [
      [
        first,
        rng.pick(['My car broke down this morning.', "My car won't start and it's in the garage now."]),
      ],
      [
        second,
        rng.pick([
          `Oh no. Do you need a lift to the ${place}?`,
          `I can drive you to the ${place} if you need.`,
        ]),
      ],
      [first, `That would help a lot. Can you pick me up at ${time}?`],
      [second, `Sure, see you at ${time}.`],
    ],
    summary: `${first}'s car broke down, so ${second} will drive them to the ${place} at ${time}.`,
  };
}

function movieChoice(rng: Rng, { first, second }: Cast): Dialogue {
  const [rejected, genre] = rng.sample(GENRES, 2);
  const time = rng.pick(TIMES);
  return {
    lines: [
      [first, `Want to see a ${rejected} tonight?`],
      [second, `Not really in the mood for that. How about a ${genre}?`],
      [first, `Fine with me. There's a showing at ${time}.`],
      [second, 'Great, I will book the tickets.'],
    ],
    summary: `${first} and ${second} will watch a ${genre} at ${time}, and ${second} will book the tickets.`,
  };
}

export const TRAIN_SCENARIOS: Record<string, Scenario> = {
  'meet-up': meetUp,
  borrow,
  cancel,
  'order-food': orderFood,
  'lost-item': lostItem,
  'running-late': runningLate,
  'gift-planning': giftPlanning,
  homework,
  'trip-planning': tripPlanning,
  'pet-sitting': petSitting,
};

/** Scenarios that appear only in the evaluation split. */
export const EVAL_SCENARIOS: Record<string, Scenario> = {
  'car-repair': carRepair,
  'movie-choice': movieChoice,
};
