// The content both sides serve: one author's blog of 20 posts, the oldest of which carries 50
// comments from five members (the author and four readers). Built once and handed to WordPress'
// setup script as JSON and to Commonplace through its API, so both pages show the same words.

export interface Person {
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly password: string;
}

export interface PeerPost {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export interface PeerComment {
  /** Index into `people` (0 is the blog's author). */
  readonly by: number;
  readonly text: string;
}

export interface PeerContent {
  readonly blogTitle: string;
  /** people[0] writes the blog; all five comment. */
  readonly people: readonly Person[];
  /** Oldest first; posts[0] is the one with the comments. */
  readonly posts: readonly PeerPost[];
  readonly comments: readonly PeerComment[];
}

const words = [
  'reading',
  'library',
  'network',
  'practice',
  'reflection',
  'colleague',
  'catalogue',
  'archive',
  'workshop',
  'learning',
  'community',
  'project',
  'evidence',
  'question',
  'service',
  'week',
];

/** A sentence that differs from post to post and paragraph to paragraph, deterministically. */
function sentence(seed: number): string {
  const picked = Array.from({ length: 12 }, (_, i) => words[(seed * 7 + i * 5) % words.length]);
  const text = picked.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(seed: number): string {
  return Array.from({ length: 4 }, (_, i) => sentence(seed * 4 + i)).join(' ');
}

export function peerContent(): PeerContent {
  const names = ['Ada Reader', 'Ben Cataloguer', 'Cleo Archivist', 'Dev Librarian', 'Eve Curator'];
  const people = names.map((displayName, i) => ({
    handle: `peer_${displayName.split(' ')[0]!.toLowerCase()}`,
    displayName,
    email: `peer${i}@example.org`,
    password: `a long benchmark passphrase number ${i}`,
  }));
  const posts = Array.from({ length: 20 }, (_, i) => ({
    title: `Thing ${i + 1}: notes on ${words[i % words.length]} and ${words[(i + 5) % words.length]}`,
    paragraphs: Array.from({ length: 5 }, (_, p) => paragraph(i * 5 + p)),
  }));
  // Ten each, interleaved so the page reads like a conversation.
  const comments = Array.from({ length: 50 }, (_, i) => ({
    by: i % 5,
    text: `Comment ${i + 1}. ${sentence(i + 100)} ${sentence(i + 200)}`,
  }));
  return { blogTitle: `${names[0]}’s blog`, people, posts, comments };
}
