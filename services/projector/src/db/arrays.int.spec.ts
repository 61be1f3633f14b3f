import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { boolArray, msToTime, numberArray, textArray } from './arrays';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('array literals for unnest() parameters', () => {
  it('text: PostgreSQL reads back exactly the strings given, nulls included', async () => {
    const values = [
      'BENCH000000000001',
      'with "quotes"',
      'back\\slash\\',
      '{braces}, commas',
      ' spaced ',
      'NULL',
      '',
      'Müller & Söhne 🚚',
      null,
    ];
    const { rows } = await db.pool.query('SELECT $1::text[] AS a', [textArray(values)]);
    expect(rows[0].a).toEqual(values);
    const plain = ['1HGCM82633A004352', 'online'];
    expect((await db.pool.query('SELECT $1::text[] AS a', [textArray(plain)])).rows[0].a).toEqual(plain);
    expect((await db.pool.query('SELECT $1::text[] AS a', [textArray([])])).rows[0].a).toEqual([]);
  });

  it('numbers: integers and nulls; anything else is refused before it reaches the database', async () => {
    const values = [0, -1, 42, 1_767_225_600_123, Number.MAX_SAFE_INTEGER, null];
    const { rows } = await db.pool.query('SELECT $1::int8[] AS a', [numberArray(values)]);
    expect(rows[0].a.map((v: string | null) => (v === null ? null : Number(v)))).toEqual(values);
    expect(() => numberArray([1.5])).toThrow(/not an integer/);
    expect(() => numberArray([Number.NaN])).toThrow(/not an integer/);
  });

  it('booleans: PostgreSQL reads back exactly the values given', async () => {
    const values = [true, false, false, true];
    expect((await db.pool.query('SELECT $1::bool[] AS a', [boolArray(values)])).rows[0].a).toEqual(values);
    expect((await db.pool.query('SELECT $1::bool[] AS a', [boolArray([])])).rows[0].a).toEqual([]);
  });

  it('epoch milliseconds become the same instant as timestamptz, to the millisecond', async () => {
    const instants = [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2026-01-01T10:59:59.999Z',
      '2038-01-19T03:14:08.001Z',
      '2199-12-31T23:59:59.999Z',
    ].map((s) => Date.parse(s));
    const { rows } = await db.pool.query(`SELECT ${msToTime('m')} AS t FROM unnest($1::int8[]) AS m`, [
      numberArray([...instants, null]),
    ]);
    expect(rows.map((r) => (r.t === null ? null : (r.t as Date).getTime()))).toEqual([...instants, null]);
  });
});
