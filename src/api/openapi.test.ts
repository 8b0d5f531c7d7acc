import Ajv from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.ts';
import { memberWithAgent } from '../../test/support/programmes.ts';

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>> };

/** The JSON Schema the document gives for a call's JSON body, with the components it refers to. */
function requestSchema(doc: Doc & { components: { schemas: Record<string, object> } }, method: string, path: string) {
  const schema = doc.paths[path]?.[method]?.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`the document has no JSON body for ${method.toUpperCase()} ${path}`);
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  return ajv.compile({ ...JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')) });
}

describeEachDatabase('the OpenAPI document and the validation agree', (h) => {
  const doc = async () => (await h().app.request('/api/v1/openapi.json')).json();

  it('describes bodies the API accepts as valid, and a body the API refuses as invalid', async () => {
    const d = await doc();
    const { agent } = await memberWithAgent(h(), { roles: ['organiser'] });
    const programme = {
      slug: 'agree-2027',
      title: 'Agreement',
      startsOn: '2027-01-04',
      catchUpWeeks: [3],
      things: [{ number: 1, title: 'Blogging', week: 1, tags: ['cpd23', 'thing1'] }],
    };
    expect(requestSchema(d, 'post', '/programmes')(programme)).toBe(true);
    expect((await agent.api('POST', '/programmes', programme)).status).toBe(201);

    const post = { title: 'Thing 1', body: 'Hello', tags: ['first'], visibility: 'members', status: 'published' };
    expect(requestSchema(d, 'post', '/posts')(post)).toBe(true);
    expect((await agent.api('POST', '/posts', post)).status).toBe(201);

    const account = { handle: 'agreeing_one', email: 'agree@example.org', password: 'a long enough passphrase', displayName: 'A' };
    expect(requestSchema(d, 'post', '/accounts')(account)).toBe(true);
    expect((await h().agent().api('POST', '/accounts', account)).status).toBe(201);

    const badPost = { title: '', body: 'x', visibility: 'everyone' };
    expect(requestSchema(d, 'post', '/posts')(badPost)).toBe(false);
    const refused = await agent.api('POST', '/posts', badPost);
    expect(refused.status).toBe(400);
    expect(Object.keys((await refused.json()).error.fields).sort()).toEqual(['title', 'visibility']);
  });

  it('names the capabilities’ own input schemas as its request bodies', async () => {
    const d = await doc();
    const ref = (method: string, path: string) => d.paths[path][method].requestBody.content['application/json'].schema.$ref;
    expect(ref('post', '/accounts')).toBe('#/components/schemas/NewAccount');
    expect(ref('post', '/programmes')).toBe('#/components/schemas/NewProgramme');
    expect(ref('post', '/posts')).toBe('#/components/schemas/PostInput');
    expect(ref('patch', '/posts/{id}')).toBe('#/components/schemas/PostChanges');
    // Left out of a change means "keep", so the change schema has no defaults that would reset a post.
    const changes = Object.entries(d.components.schemas.PostChanges.properties as Record<string, object>);
    expect(changes.filter(([, property]) => 'default' in property).map(([name]) => name)).toEqual([]);
  });
});
