import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids made by the application, the same on SQLite and PostgreSQL. */
export function newId(): string {
  return uuidv7();
}
