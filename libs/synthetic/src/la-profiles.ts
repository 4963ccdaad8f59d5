/** A postcode district of an LA (the outward code, e.g. "SW1P") and the post town it belongs to. */
export interface PostcodeDistrict {
  district: string;
  town: string;
}

/** What the generator needs to know about a local authority to make its children look local. */
export interface LaProfile {
  /** ONS code, e.g. E09000033. */
  onsCode: string;
  name: string;
  /** DfE LA number: digits 2 to 4 of its pupils' UPNs. */
  dfeNumber: string;
  districts: readonly PostcodeDistrict[];
  /**
   * A landline range Ofcom keeps for drama, so no generated number rings anyone: prefix + 3 digits. (Ofcom's
   * drama mobiles, 07700 900xxx, fail the node's UK telephone check, so carers get landlines too.)
   */
  landlinePrefix: string;
  /** First three characters of the LA's GP practice ODS codes (the real commissioning prefix). */
  gpOdsPrefix: string;
  /** Reserved (example.org) domain for generated e-mail addresses of the LA's services. */
  emailDomain: string;
}

const LONDON = (districts: string[]): PostcodeDistrict[] =>
  districts.map((district) => ({ district, town: 'London' }));

const IN_TOWN = (town: string, districts: string[]): PostcodeDistrict[] =>
  districts.map((district) => ({ district, town }));

/** The three LAs of the demo federation, keyed by ONS code. */
export const LA_PROFILES: Readonly<Record<string, LaProfile>> = {
  E09000033: {
    onsCode: 'E09000033',
    name: 'Westminster',
    dfeNumber: '213',
    districts: LONDON([
      'W1D',
      'W1F',
      'W1G',
      'W1H',
      'W1J',
      'W1K',
      'W1U',
      'W1W',
      'SW1A',
      'SW1E',
      'SW1H',
      'SW1P',
      'SW1V',
      'SW1W',
      'NW8',
      'W2',
      'WC2N',
      'WC2R',
    ]),
    landlinePrefix: '020 7946 0',
    gpOdsPrefix: 'E87',
    emailDomain: 'westminster.example.org',
  },
  E08000025: {
    onsCode: 'E08000025',
    name: 'Birmingham',
    dfeNumber: '330',
    districts: IN_TOWN(
      'Birmingham',
      Array.from({ length: 45 }, (_, i) => `B${i + 1}`).filter(
        (district) => !['B22', 'B39', 'B41'].includes(district),
      ),
    ),
    landlinePrefix: '0121 496 0',
    gpOdsPrefix: 'M85',
    emailDomain: 'birmingham.example.org',
  },
  E10000016: {
    onsCode: 'E10000016',
    name: 'Kent',
    dfeNumber: '886',
    districts: [
      ...IN_TOWN('Sittingbourne', ['ME9', 'ME10']),
      ...IN_TOWN('Sheerness', ['ME12']),
      ...IN_TOWN('Faversham', ['ME13']),
      ...IN_TOWN('Maidstone', ['ME14', 'ME15', 'ME16', 'ME17']),
      ...IN_TOWN('West Malling', ['ME19']),
      ...IN_TOWN('Aylesford', ['ME20']),
      ...IN_TOWN('Canterbury', ['CT1', 'CT2', 'CT3', 'CT4']),
      ...IN_TOWN('Whitstable', ['CT5']),
      ...IN_TOWN('Herne Bay', ['CT6']),
      ...IN_TOWN('Margate', ['CT9']),
      ...IN_TOWN('Broadstairs', ['CT10']),
      ...IN_TOWN('Ramsgate', ['CT11', 'CT12']),
      ...IN_TOWN('Deal', ['CT14']),
      ...IN_TOWN('Dover', ['CT16', 'CT17']),
      ...IN_TOWN('Folkestone', ['CT19', 'CT20']),
      ...IN_TOWN('Tunbridge Wells', ['TN1', 'TN2', 'TN4']),
      ...IN_TOWN('Tonbridge', ['TN9', 'TN10', 'TN11']),
      ...IN_TOWN('Sevenoaks', ['TN13', 'TN14', 'TN15']),
      ...IN_TOWN('Ashford', ['TN23', 'TN24', 'TN25', 'TN26']),
      ...IN_TOWN('Dartford', ['DA1', 'DA2']),
      ...IN_TOWN('Gravesend', ['DA11', 'DA12', 'DA13']),
    ],
    // Kent has no drama range of its own; 01632 960xxx fails the UK telephone check, so Reading's is used.
    landlinePrefix: '0118 496 0',
    gpOdsPrefix: 'G82',
    emailDomain: 'kent.example.org',
  },
};

export const DEMO_LA_CODES = Object.keys(LA_PROFILES);

/** The profile of an LA, or an error naming the code when the generator does not know it. */
export function laProfile(onsCode: string): LaProfile {
  const profile = LA_PROFILES[onsCode];
  if (!profile) {
    throw new Error(`No synthetic-data profile for LA ${onsCode}; known: ${DEMO_LA_CODES.join(', ')}`);
  }
  return profile;
}
