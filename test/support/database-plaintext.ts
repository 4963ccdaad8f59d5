import { Client } from 'pg';

export interface PlaintextFinding {
  table: string;
  column: string;
  value: string;
  rows: number;
}

/**
 * Searches every column of every table in the database's public schema (each cast to text, so dates,
 * arrays, json and jsonb are searched as well as text) for each value, case-insensitively.
 * Returns where any value was found; an empty list means none of them is stored anywhere.
 * For tests: "the hub's database holds no name, date of birth, postcode or identifier".
 */
export async function findPlaintextInDatabase(
  databaseUrl: string,
  values: string[],
): Promise<PlaintextFinding[]> {
  const needles = [...new Set(values.map((value) => value.trim()).filter((value) => value.length >= 3))];
  if (needles.length === 0)
    throw new Error('Give at least one value of three or more characters to search for');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type <> 'bytea'
        ORDER BY c.table_name, c.ordinal_position`,
    );
    if (columns.length === 0) throw new Error('No tables found: is this the right database?');
    const findings: PlaintextFinding[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const { rows } = await client.query<{ needle: string; rows: string }>(
        `SELECT needle, count(*) AS rows
           FROM ${quote(table)} , unnest($1::text[]) AS needle
          WHERE position(lower(needle) IN lower(${quote(column)}::text)) > 0
          GROUP BY needle`,
        [needles],
      );
      for (const row of rows) findings.push({ table, column, value: row.needle, rows: Number(row.rows) });
    }
    return findings;
  } finally {
    await client.end();
  }
}

/** The forms a date of birth could be stored in: ISO, UK day/month/year, compact. */
export function dateOfBirthForms(isoDate: string): string[] {
  const [year, month, day] = isoDate.split('-');
  return [isoDate, `${day}/${month}/${year}`, `${year}${month}${day}`, `${day}${month}${year}`];
}

/** A postcode with and without its space. */
export function postcodeForms(postcode: string): string[] {
  const compact = postcode.replace(/\s/g, '').toUpperCase();
  return [compact, `${compact.slice(0, -3)} ${compact.slice(-3)}`];
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
