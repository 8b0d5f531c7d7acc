/**
 * The demo programme the seed creates: 23 Things for library and information people, in our own
 * words, over 14 weeks with two catch-up weeks. Week numbers are the schedule; dates come from the clock.
 */
export const demoProgramme = {
  slug: 'twenty-three-things',
  title: '23 Things for information professionals',
  description:
    'A self-paced, peer-supported tour of the tools and habits that help you learn in public. Each week opens a Thing or two: try it, then write a short reflective post about what you found. Weeks 6 and 11 are catch-up weeks — no new Things, time to breathe.',
  catchUpWeeks: [6, 11],
  things: [
    [
      1,
      1,
      'Start your reflective blog',
      'Set up your blog here (or connect the one you already have). Write a first post: who you are, where you work, and what you hope to get out of the programme.',
    ],
    [
      2,
      1,
      'Read your peers',
      'Browse the programme’s posts. Leave a thoughtful comment on at least three. What makes a comment useful to the person who wrote the post?',
    ],
    [
      3,
      2,
      'Your online presence',
      'Search for yourself as a stranger would. What do they find? Decide what you want people to see, and note one change you will make.',
    ],
    [
      4,
      2,
      'Keeping up with feeds',
      'Follow a handful of blogs and news sources through a feed reader (or the programme’s own feed). Reflect on how you keep up with your field today.',
    ],
    [
      5,
      3,
      'Online networks',
      'Look through the [directory of outside networks](/networks). Record where you stand on each — joined, planning to, later, not for me — and write about why.',
    ],
    [
      6,
      3,
      'Professional bodies',
      'Find out what your professional association offers beyond membership: mentoring, chartership, special interest groups. Is any of it for you?',
      false,
    ],
    [
      7,
      4,
      'Reference management',
      'Try a reference manager with a few articles you have read lately. Would it change how you support researchers, or how you write?',
    ],
    [
      8,
      4,
      'Sharing slides and documents',
      'Share something you have made — a guide, a slide deck, a reading list — with an open licence. What did you choose, and why?',
    ],
    [9, 5, 'Working together online', 'Write something with a colleague in a shared document or wiki. What helped, what got in the way?'],
    [
      10,
      5,
      'Meetings at a distance',
      'Run or join a short online meeting with someone from the programme. Tips for the next person?',
      false,
    ],
    [
      11,
      7,
      'Images and copyright',
      'Find three images you may reuse, and credit them properly. What did you learn about licences along the way?',
    ],
    [
      12,
      7,
      'Screencasts and short videos',
      'Record a two-minute explainer of something your users often ask about. Share it, and share what was harder than expected.',
    ],
    [
      13,
      8,
      'Podcasts and listening',
      'Find a podcast in or near your field. Listen to an episode and tell us whether you would recommend it.',
      false,
    ],
    [14, 8, 'Advocacy', 'Write the elevator pitch for your service: thirty seconds, to a decision-maker. Post it and invite critique.'],
    [
      15,
      9,
      'Mentoring',
      'What could you offer a newer colleague, and what would you like from a more experienced one? Consider signing up to a mentoring scheme.',
    ],
    [
      16,
      9,
      'Your CV, in the open',
      'Update your profile and CV here. Which parts do you show to everyone, and which only to your connections?',
    ],
    [
      17,
      10,
      'Events and conferences',
      'Pick an event you could attend (or present at) this year. Draft a short proposal or a plan for sharing what you learn.',
    ],
    [18, 10, 'Data and the library', 'Find a dataset about your service — visits, loans, enquiries — and tell one small story with it.'],
    [
      19,
      12,
      'Accessibility',
      'Check one page or document you are responsible for with an accessibility checker, and fix one thing it found.',
    ],
    [
      20,
      12,
      'Privacy by habit',
      'Review the privacy settings of two services you use. Write about one change you made and one you decided against.',
    ],
    [21, 13, 'Teaching with technology', 'Try a quick poll or quiz in a session you run. How did the room respond?', false],
    [22, 13, 'Looking back', 'Read your first post again. What has changed since? Which Thing surprised you most?'],
    [
      23,
      14,
      'Your personal learning plan',
      'Write down three things you will keep doing after the programme, and when you will check in with yourself about them.',
    ],
  ] as ReadonlyArray<readonly [number, number, string, string, boolean?]>,
};

/** The demo programme as input for `createProgramme`, starting on `startsOn`. */
export function demoProgrammeInput(startsOn: string) {
  return {
    slug: demoProgramme.slug,
    title: demoProgramme.title,
    description: demoProgramme.description,
    startsOn,
    catchUpWeeks: demoProgramme.catchUpWeeks,
    enrolment: 'open' as const,
    visibility: 'public' as const,
    things: demoProgramme.things.map(([number, week, title, brief, required]) => ({
      number,
      week,
      title,
      brief,
      required: required ?? true,
      tags: ['cpd23', `thing${number}`],
    })),
  };
}
