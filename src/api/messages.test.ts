import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.ts';

// zod's own wording ("Invalid input: expected string, received undefined", "Too small: …") tells a
// person nothing she can act on; every field the API refuses says what was wrong and what would do.
const zodDefault = /^(Invalid|Too (small|big)|Expected|Required|Unrecognized)/;

type JsonSchema = {
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  type?: string | string[];
  maxLength?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
};

let components: Record<string, JsonSchema> = {};
const resolve = (schema: JsonSchema): JsonSchema => (schema.$ref ? resolve(components[schema.$ref.split('/').pop()!]!) : schema);
const propertiesOf = (content: { schema: JsonSchema }) => resolve(content.schema).properties ?? {};

/** A value just past what the field allows, or of a wrong kind when it has no limit. */
function pastLimit(field: JsonSchema): unknown {
  const p = resolve(field);
  if (p.maxLength !== undefined) return 'x'.repeat(p.maxLength + 1);
  if (p.maximum !== undefined) return p.maximum + 1;
  if (p.maxItems !== undefined)
    return Array.from({ length: p.maxItems + 1 }, () => (p.items && resolve(p.items).type === 'integer' ? 1 : 'x'));
  return [7];
}

describe('the API’s messages for refused fields', () => {
  let h: Awaited<ReturnType<typeof createHarness>>;
  type Operation = { requestBody?: { content: Record<string, unknown> }; parameters?: Array<{ in: string; name: string }> };
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    h = await createHarness('sqlite');
    doc = await (await h.app.request('/api/v1/openapi.json')).json();
    components = (doc as unknown as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;
  });
  afterAll(() => h.close());

  it('are written for people, for every JSON body left empty or filled with the wrong types', async () => {
    const calls = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody?.content['application/json'])
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path: path.replace('{number}', '1').replace(/\{\w+\}/g, 'x'),
          properties: propertiesOf(op.requestBody!.content['application/json'] as { schema: JsonSchema }),
        })),
    );
    expect(calls.length).toBeGreaterThan(30);
    const unkind: string[] = [];
    for (const call of calls) {
      const fields = Object.entries(call.properties);
      // Every field of the wrong type (an object where text, a number or a list is due; inside an
      // object, its own fields missing), then every field just past its limits.
      const wrongTypes = Object.fromEntries(fields.map(([name]) => [name, { nonsense: true }]));
      const pastLimits = Object.fromEntries(fields.map(([name, p]) => [name, pastLimit(p)]));
      for (const body of [{}, wrongTypes, pastLimits]) {
        const res = await h.agent().api(call.method, call.path, body);
        if (res.status !== 400) continue;
        const fields = ((await res.json()) as { error: { fields?: Record<string, string> } }).error.fields ?? {};
        for (const [field, message] of Object.entries(fields)) {
          if (zodDefault.test(message)) unkind.push(`${call.method} ${call.path} ${field}: ${message}`);
        }
      }
    }
    expect(unkind).toEqual([]);
  });

  it('are written for people, for query parameters left out or given nonsense', async () => {
    const unkind: string[] = [];
    let asked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const query = (ops.get?.parameters ?? []).filter((p) => p.in === 'query');
      if (query.length === 0) continue;
      const url = path.replace(/\{\w+\}/g, 'x');
      for (const search of ['', new URLSearchParams(query.map((p) => [p.name, 'nonsense'])).toString()]) {
        asked += 1;
        const res = await h.agent().api('GET', `${url}?${search}`);
        if (res.status !== 400) continue;
        const fields = ((await res.json()) as { error: { fields?: Record<string, string> } }).error.fields ?? {};
        for (const [field, message] of Object.entries(fields)) {
          if (zodDefault.test(message)) unkind.push(`GET ${url}?${search} ${field}: ${message}`);
        }
      }
    }
    expect(asked).toBeGreaterThan(4);
    expect(unkind).toEqual([]);
  });
});
