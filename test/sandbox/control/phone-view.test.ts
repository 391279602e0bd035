import { describe, expect, it } from 'vitest';
import { SEEDED_QUESTION_ANSWER } from '../../../sandbox/factors/seeded';
import { sandboxClient, type Json } from '../support/client';
import { sandboxPerFile } from '../support/sandbox-per-file';

// The control API's phone view (`GET /sandbox/v1/users/{id}/phone`) and the phone page's copy of it:
// what the caller remembers — their security questions with the answers — next to what their phone shows.

const sandbox = sandboxPerFile({ users: 40, seed: 'phone-view' });
const api = sandboxClient(sandbox);
const ISAAC = '00ub0oNGTSWTBKOLGLNR';

interface Question {
  factorId: string;
  question: string;
  questionText: string;
  answer: string;
  status: string;
}

const questionsOf = async (userId: string): Promise<Question[]> => {
  const phone = await api.get<{ questions: Question[] }>(`/sandbox/v1/users/${userId}/phone`);
  expect(phone.status).toBe(200);
  return phone.body.questions;
};

describe('what the caller remembers, on the phone view', () => {
  it('a seeded security question: its text and the seeded answer; nobody else has one to show', async () => {
    const users = (await api.get<Json[]>('/api/v1/users?limit=200')).body;
    let seeded: { userId: string; factorId: string } | null = null;
    for (const user of users) {
      const question = (await api.get<Json[]>(`/api/v1/users/${String(user.id)}/factors`)).body.find((factor) => factor.factorType === 'question');
      if (question) {
        seeded = { userId: String(user.id), factorId: String(question.id) };
        break;
      }
    }
    expect(seeded, 'the seeded directory has someone with a security question').not.toBeNull();
    const [shown, ...others] = await questionsOf(seeded!.userId);
    expect(others).toEqual([]);
    expect(shown).toMatchObject({ factorId: seeded!.factorId, answer: SEEDED_QUESTION_ANSWER, status: 'ACTIVE', questionText: expect.stringMatching(/\?$/) });
    // Okta's own factor never gives the answer back; only the phone view (the caller's memory) has it.
    expect(JSON.stringify((await api.get<Json>(`/api/v1/users/${seeded!.userId}/factors/${seeded!.factorId}`)).body)).not.toContain(SEEDED_QUESTION_ANSWER);
    expect(await questionsOf(ISAAC)).toEqual([]);
  });

  it("a practice user's own answer; a question enrolled later appears, and leaves with its factor", async () => {
    const made = await api.post<{ id: string; factors: Json[] }>('/sandbox/v1/users', {
      firstName: 'Nora',
      lastName: 'Quill',
      login: 'nora.quill@example.org',
      status: 'ACTIVE',
      signedInBefore: false,
      factors: [{ factorType: 'question', question: 'disliked_food', answer: 'Cold peas' }, { factorType: 'email' }],
    });
    expect(made.status).toBe(200);
    const factorId = String(made.body.factors.find((factor) => factor.factorType === 'question')?.id);
    expect(await questionsOf(made.body.id)).toEqual([
      { factorId, question: 'disliked_food', questionText: 'What is the food you least liked as a child?', answer: 'Cold peas', status: 'ACTIVE' },
    ]);
    // The phone page shows the same to whoever holds the key.
    const link = sandbox.phoneLink(made.body.id);
    const key = decodeURIComponent(new URL(link.url).hash.replace(/^#key=/, ''));
    const page = await fetch(`${sandbox.url}/sandbox/phone/${made.body.id}/v1/phone`, { headers: { authorization: `PhoneKey ${key}` } });
    expect(((await page.json()) as { questions: Question[] }).questions.map((question) => question.answer)).toEqual(['Cold peas']);

    const dade = (await api.get<Json>('/api/v1/users/dade.murphy@example.org')).body;
    expect(await questionsOf(String(dade.id))).toEqual([]);
    const enrolled = await api.post<Json>(`/api/v1/users/${String(dade.id)}/factors`, { factorType: 'question', provider: 'OKTA', profile: { question: 'first_award', answer: 'Spelling bee' } });
    expect(enrolled.status).toBe(200);
    expect(await questionsOf(String(dade.id))).toEqual([expect.objectContaining({ factorId: enrolled.body.id, questionText: 'What did you earn your first medal or award for?', answer: 'Spelling bee' })]);
    expect((await api.del(`/api/v1/users/${String(dade.id)}/factors/${String(enrolled.body.id)}`)).status).toBe(204);
    expect(await questionsOf(String(dade.id))).toEqual([]);
  });
});
