/**
 * English given-name nickname groups. Each line is "formal forms|nicknames": every member of a
 * group maps to the group's formal forms, so "Bill" and "William" (or "Katie" and "Catherine")
 * meet on a shared canonical form whichever side of a search they are on.
 * A nickname may sit in several groups (Alex: Alexander and Alexandra).
 */
const NICKNAME_GROUPS: readonly string[] = [
  'william|bill billy will willy willie liam wills',
  'robert|rob bob bobby robbie robin bert',
  'elizabeth|liz lizzie lizzy beth betty bess bessie eliza libby lisa elsie betsy ellie',
  'katherine catherine kathryn catharine katharine|kate katie katy kath kathy cath cathy kitty kat cate',
  'kathleen|kath kathy',
  'margaret|maggie meg megan peggy madge marge margie greta rita daisy',
  'alexander|alex sandy xander alec alasdair alistair',
  'alexandra|alex alexa sandra sandy lexi lexie sasha',
  'thomas|tom tommy thom',
  'james|jim jimmy jamie jimbo',
  'john jonathan|jack johnny jon jonny jonty',
  'jacob|jake jack',
  'joseph|joe joey jo',
  'josephine|jo josie jojo',
  'joanna joanne|jo jojo',
  'michael|mike mikey mick micky mickey',
  'richard|rich richie rick ricky dick dickie',
  'charles|charlie chas chuck chaz',
  'charlotte|charlie lottie lotte lotty',
  'edward|ed eddie eddy ted teddy ned',
  'edmund|ed eddie ned',
  'henry|harry hal hank',
  'harold|harry hal',
  'david|dave davey davy',
  'daniel|dan danny',
  'danielle|dani danni',
  'matthew|matt matty',
  'andrew|andy drew',
  'anthony antony|tony ant',
  'christopher|chris kit topher',
  'christine christina|chris chrissie tina',
  'benjamin|ben benny benji',
  'samuel|sam sammy',
  'samantha|sam sammy',
  'nicholas|nick nicky nico',
  'nicola nicole|nicky nikki',
  'patrick|pat paddy',
  'patricia|pat patty trish tricia',
  'peter|pete',
  'stephen steven|steve stevie',
  'stephanie|steph steffi',
  'timothy|tim timmy',
  'frederick|fred freddie freddy',
  'alfred|alf alfie fred',
  'francis|frank frankie fran',
  'frances|fran frankie fanny',
  'gregory|greg',
  'jeffrey geoffrey|jeff geoff',
  'kenneth|ken kenny',
  'lawrence laurence|larry laurie lol',
  'leonard|leo len lenny',
  'nathaniel nathan|nat nate',
  'oliver|ollie olly',
  'olivia|liv livvy ollie',
  'philip phillip|phil pip',
  'raymond|ray',
  'ronald|ron ronnie',
  'donald|don donnie',
  'douglas|doug dougie',
  'gerald|gerry jerry',
  'jeremy|jerry jez',
  'terence|terry tel',
  'theodore|theo ted teddy',
  'vincent|vince vinny',
  'walter|walt wally',
  'zachary|zach zack zak',
  'maximilian|max',
  'maxwell|max',
  'archibald|archie',
  'augustus|gus',
  'sebastian|seb',
  'harrison|harry',
  'isaac|ike zac',
  'mary|molly polly mae may mamie',
  'ann anne anna hannah|annie nan nancy nanette',
  'susan susannah suzanne|sue susie suzy',
  'deborah debra|deb debbie',
  'rebecca|becky becca bex',
  'jennifer|jen jenny jenni',
  'jessica|jess jessie',
  'victoria|vicky vicki tori',
  'abigail|abby abbie gail',
  'amanda|mandy manda',
  'barbara|barb babs',
  'caroline carolyn|carrie caz carol',
  'dorothy|dot dotty dolly',
  'eleanor elinor|ellie nell nellie nora',
  'helen helena|nell nellie',
  'emily|em emmy millie',
  'emma|em emmy',
  'florence|flo florrie',
  'gillian|gill jill',
  'isabel isabella isobel|izzy bella issy belle',
  'jacqueline|jackie jacqui',
  'judith|judy jude',
  'louise louisa|lou lulu',
  'madeleine madeline|maddie maddy',
  'matilda|tilly tilda',
  'melissa|mel missy',
  'melanie|mel',
  'millicent|millie',
  'pamela|pam',
  'penelope|penny',
  'phoebe|phoebs',
  'rosemary|rosie rose',
  'sarah sara|sally sadie',
  'sophia sophie|sophie soph',
  'theresa teresa|tess tessa terri',
  'valerie|val',
  'veronica|ronnie nica',
  'virginia|ginny',
  'wilhelmina|mina willa',
  'amelia|millie amy',
  'evelyn|evie eve',
  'gabriel|gabe gabby',
  'gabrielle|gabby gabi',
  'natalie natalia|nat tally',
  'rachel|rach',
  'cynthia|cindy',
  'lucinda|lucy cindy',
  'lucy lucille|lu',
  'alice alicia|ali allie',
  'allison alison|ali allie',
  'ronan|ro',
  'ferdinand|ferdie',
  'reginald|reg reggie',
  'bernard|bernie',
  'stanley|stan',
  'albert|al bert bertie',
  'herbert|herb bert',
  'gilbert|gil bert',
  'eugene|gene',
  'cameron|cam',
  'dominic|dom',
  'joshua|josh',
  'mohammed muhammad mohammad mohamed|mo',
  'jonah|jon',
  'nigel|nige',
  'simon|si',
];

function buildCanonicalForms(groups: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const forms = new Map<string, string[]>();
  const addForms = (token: string, canonical: readonly string[]): void => {
    const known = forms.get(token) ?? [token];
    for (const form of canonical) if (!known.includes(form)) known.push(form);
    forms.set(token, known);
  };
  for (const group of groups) {
    const [formalPart, nicknamePart = ''] = group.split('|');
    const formal = formalPart.split(' ').filter(Boolean);
    const nicknames = nicknamePart.split(' ').filter(Boolean);
    for (const token of [...formal, ...nicknames]) addForms(token, formal);
  }
  return forms;
}

/** Built once at module load: token -> [token, ...formal forms of every group it is in]. */
const CANONICAL_FORMS = buildCanonicalForms(NICKNAME_GROUPS);

/** Number of nickname groups (reported by tests, so the table cannot silently shrink). */
export const NICKNAME_GROUP_COUNT = NICKNAME_GROUPS.length;

/** Shared, read-only forms for hot paths; callers must not mutate the result. */
export function canonicalFormsOf(token: string): readonly string[] {
  return CANONICAL_FORMS.get(token) ?? [token];
}

/**
 * The token plus its canonical (formal) forms via the nickname table:
 * bill -> ['bill', 'william']; kate -> ['kate', 'katherine', 'catherine', ...]. Expects a normalised token.
 */
export function canonicalGivenNames(token: string): string[] {
  return [...canonicalFormsOf(token)];
}

/** True when two different tokens are known nicknames/variants of the same formal name. */
export function areNicknameVariants(a: string, b: string): boolean {
  if (a === b) return false;
  const formsOfA = CANONICAL_FORMS.get(a);
  const formsOfB = CANONICAL_FORMS.get(b);
  if (formsOfA === undefined || formsOfB === undefined) return false;
  for (const form of formsOfA) if (formsOfB.includes(form)) return true;
  return false;
}
