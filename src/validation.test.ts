import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { invalidFields, MARKED_FIELDS_MESSAGE, parseInput } from './validation.ts';

describe('parseInput', () => {
  const schema = z.object({
    title: z.string({ error: 'Give it a title.' }).trim().min(1, 'Give it a title.'),
    thing: z.object({ number: z.number({ error: 'Give the Thing’s number.' }) }),
    tags: z.array(z.string()).default([]),
  });

  it('returns the parsed value, defaults and trimming applied', () => {
    expect(parseInput(schema, { title: '  Hi ', thing: { number: 3 } })).toEqual({ title: 'Hi', thing: { number: 3 }, tags: [] });
  });

  it('throws one bad-input error naming every wrong field, nested ones by their dotted path', () => {
    let error: unknown;
    try {
      parseInput(schema, { title: ' ', thing: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toBe(MARKED_FIELDS_MESSAGE);
    expect((error as AppError).fields).toEqual({ title: 'Give it a title.', 'thing.number': 'Give the Thing’s number.' });
  });

  it('calls input that is not an object a problem with the body', () => {
    expect(() => parseInput(schema, 'nonsense')).toThrow(expect.objectContaining({ fields: { body: expect.any(String) } }));
  });
});

describe('invalidFields', () => {
  it('is a conflict (409) when asked, for values that clash with what exists', () => {
    expect(invalidFields({ slug: 'Taken.' }, 'conflict').status).toBe(409);
    expect(invalidFields({ slug: 'Wrong.' }).status).toBe(400);
  });
});
