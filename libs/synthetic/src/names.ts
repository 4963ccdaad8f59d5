/**
 * Name pools for synthetic children and adults, drawn from names common in England today: a mix of
 * origins, with apostrophes, diacritics, hyphens and double-barrelled surnames present so that search and
 * normalisation meet them. Faker's en_GB locale has no British person names of its own, hence these lists.
 */

// prettier-ignore
export const FEMALE_GIVEN_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Ivy', 'Freya', 'Lily', 'Florence', 'Mia', 'Willow', 'Rosie', 'Sophia',
  'Isabella', 'Grace', 'Daisy', 'Sienna', 'Poppy', 'Elsie', 'Emily', 'Ella', 'Evelyn', 'Phoebe', 'Sofia',
  'Evie', 'Charlotte', 'Harper', 'Matilda', 'Ruby', 'Jessica', 'Elizabeth', 'Katherine', 'Rebecca', 'Hannah',
  'Chloe', 'Holly', 'Megan', 'Lucy', 'Amber', 'Scarlett', 'Maisie', 'Aisha', 'Fatima', 'Maryam', 'Zainab',
  'Hafsa', 'Inaaya', 'Amara', 'Ayesha', 'Zara', 'Priya', 'Ananya', 'Simran', 'Nia', 'Ffion', 'Niamh', 'Aoife',
  'Saoirse', 'Siobhán', 'Eilidh', 'Zoë', 'Chloé', 'Esmé', 'Renée', 'Zofia', 'Maja', 'Oliwia', 'Adaeze',
  'Chiamaka', 'Precious', 'Abena', 'Hodan', 'Ngozi', 'Mei', 'Linh', 'Ioana', 'Ana-Maria', 'Bethan', 'Dolores',
] as const;

// prettier-ignore
export const MALE_GIVEN_NAMES = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theodore',
  'Freddie', 'Jack', 'Charlie', 'Theo', 'Alfie', 'Jacob', 'Thomas', 'William', 'James', 'Alexander', 'Samuel',
  'Benjamin', 'Joseph', 'Daniel', 'Matthew', 'Edward', 'Joshua', 'Lucas', 'Isaac', 'Ethan', 'Max', 'Finley',
  'Ibrahim', 'Yusuf', 'Ayaan', 'Zayn', 'Hamza', 'Omar', 'Bilal', 'Idris', 'Arjun', 'Rohan', 'Aarav', 'Dev',
  'Kai', 'Rhys', 'Dylan', 'Owain', 'Oisín', 'Seán', 'Ciarán', 'Cillian', 'Tomasz', 'Jakub', 'Kacper',
  'Mateusz', 'Kwame', 'Kofi', 'Chidi', 'Tobi', 'Emeka', 'Abdirahman', 'Mateo', 'Jérôme', 'André', 'Zoltán',
  'Andrei', 'Minh', 'Wei', 'Jean-Luc', 'Rory', 'Callum', 'Reuben', 'Elijah', 'Nathaniel',
] as const;

/** Names given to children of any gender. */
// prettier-ignore
export const UNISEX_GIVEN_NAMES = [
  'Alex', 'Sam', 'Charlie', 'Jordan', 'Morgan', 'Riley', 'Jamie', 'Robin', 'Quinn', 'Rowan', 'Ashley', 'Eden',
] as const;

// prettier-ignore
export const SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward',
  'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott',
  'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly',
  'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox',
  'Richards', 'Khan', 'Ali', 'Ahmed', 'Begum', 'Hussain', 'Shah', 'Singh', 'Kaur', 'Sharma', 'Gill',
  'Mahmood', 'Akhtar', 'Rahman', 'Uddin', 'Islam', 'Chowdhury', 'Mistry', 'Okafor', 'Adeyemi', 'Mensah',
  'Owusu', 'Nwosu', 'Osei', 'Mohamed', 'Abdi', 'Warsame', 'Nowak', 'Wójcik', 'Mazur', 'Krawczyk',
  'Popescu', 'Ionescu', 'Nguyen', 'Chen', 'Wang', 'Wong', 'Zhang', "O'Brien", "O'Connor", "O'Neill",
  "O'Sullivan", "D'Souza", 'McCarthy', 'MacDonald', 'McLaughlin', 'Fitzgerald', 'Müller', 'García',
  'Fernández', 'Gonçalves', 'Silva', 'Santos', 'Pereira', 'Öztürk', 'Yılmaz', 'Da Silva', 'De Souza',
  'Van der Merwe', 'Ní Bhriain',
] as const;

/** Established double-barrelled and compound surnames (others are formed by joining two with a hyphen). */
export const COMPOUND_SURNAMES = [
  'Bowes-Lyon',
  'Ffrench-Constant',
  'Heathcote-Drummond',
  'Lloyd Webber',
  'Vaughan-Williams',
  'Spencer-Churchill',
  'Baden-Powell',
  'Wynne-Jones',
  'Bonham Carter',
  'Sackville-West',
] as const;

/** Familiar forms of given names, for search cases where a practitioner knows the child by a nickname. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Alexander: ['Alex', 'Xander'],
  Benjamin: ['Ben', 'Benji'],
  Charlotte: ['Lottie', 'Charlie'],
  Daniel: ['Dan', 'Danny'],
  Edward: ['Eddie', 'Ted'],
  Elizabeth: ['Lizzie', 'Beth', 'Eliza'],
  Florence: ['Flo'],
  Frederick: ['Freddie'],
  Isabella: ['Bella', 'Izzy'],
  Jacob: ['Jake'],
  James: ['Jamie', 'Jim'],
  Jessica: ['Jess'],
  Joseph: ['Joe'],
  Joshua: ['Josh'],
  Katherine: ['Kate', 'Katie'],
  Matilda: ['Tilly'],
  Matthew: ['Matt'],
  Muhammad: ['Mo'],
  Nathaniel: ['Nate', 'Nat'],
  Oliver: ['Ollie'],
  Rebecca: ['Becky', 'Becca'],
  Samuel: ['Sam', 'Sammy'],
  Theodore: ['Theo', 'Teddy'],
  Thomas: ['Tom', 'Tommy'],
  William: ['Will', 'Billy'],
};

/** Stems and kinds of street, combined into names such as "Victoria Road" or "Mill Lane". */
// prettier-ignore
export const STREET_STEMS = [
  'Church', 'Station', 'Victoria', 'Park', 'Mill', "Queen's", "King's", 'Albert', 'Grove', 'Manor', 'Oak',
  'Elm', 'Chestnut', 'Windsor', 'York', 'Nelson', 'Cromwell', 'Gladstone', 'Hawthorn', 'Meadow', 'Orchard',
  'Priory', "St John's", "St Mary's", 'Highfield', 'Springfield', 'Beech', 'Willow', 'Stanley', 'Tudor',
] as const;

// prettier-ignore
export const STREET_KINDS = [
  'Road', 'Street', 'Lane', 'Avenue', 'Close', 'Gardens', 'Crescent', 'Way', 'Place', 'Terrace', 'Drive',
  'Mews', 'Court', 'Square',
] as const;
