// @ts-check
// The phone page's script: one user's phone in a browser, for a trainer's second screen. It talks
// only to its own origin, only to the phone's calls under /sandbox/phone/{userId}/v1/, and only with
// the key from the page address's fragment (#key=…), which browsers never send to the server.
// Everything shown is set as text (never as HTML): message texts come from the org.

/**
 * @typedef {{ transactionId: string, factorId: string, deviceName: string | null, numberChoices: number[] | null, sentAt: string, expiresAt: string }} PhonePush
 * @typedef {{ factorId: string, expiresAt: string }} PhoneActivation
 * @typedef {{ id: string, channel: 'sms' | 'voice' | 'email', to: string, text: string, code: string | null, link: string | null, activationFactorId: string | null, sentAt: string }} PhoneMessage
 * @typedef {{ factorId: string, factorType: string, provider: string, name: string, deviceName: string | null, status: string, passCode: string, pin: string | null, tokenCode: string | null, nextPassCode: string | null, counter: number | null, periodSeconds: number | null, secondsLeft: number | null }} PhoneCode
 * @typedef {{ factorId: string, question: string, questionText: string, answer: string, status: string }} PhoneQuestion
 * @typedef {{ user: { id: string, login: string, firstName: string, displayName: string }, now: string, clockAheadSeconds: number, pushes: PhonePush[], activations: PhoneActivation[], messages: PhoneMessage[], codes: PhoneCode[], questions?: PhoneQuestion[] }} PhoneView
 */

const POLL_MS = 1500;
const root = /** @type {HTMLElement} */ (document.getElementById('phone'));
const userId = decodeURIComponent(location.pathname.split('/')[3] ?? '');
const key = new URLSearchParams(location.hash.slice(1)).get('key');
const base = `/sandbox/phone/${encodeURIComponent(userId)}/v1`;

/** @type {PhoneView | null} */
let view = null;
let viewJson = '';
/** Local time (ms) when `view` was read: countdowns and the clock run on from there. */
let readAt = 0;
/** The activations the form section was drawn for, so a poll does not wipe a half-typed device name. */
let drawnActivations = '';
/** @type {string | null} */
let lastOutcome = null;
let stopped = false;

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string | null)[]} [children]
 * @returns {HTMLElement}
 */
function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

/** @param {string} state @param {string} title @param {string} detail */
function showNotice(state, title, detail) {
  root.dataset.state = state;
  root.replaceChildren(el('section', { class: 'notice', 'data-testid': 'phone-refused' }, [el('h1', {}, [title]), el('p', {}, [detail])]));
}

class Refused extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api(path, body) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `PhoneKey ${key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Refused(response.status, typeof answer.errorSummary === 'string' ? answer.errorSummary : `The org answered ${response.status}.`);
  return answer;
}

/** @param {unknown} error */
function refusedForGood(error) {
  if (!(error instanceof Refused)) return false;
  if (error.status === 401) {
    showNotice('refused', 'This key does not open a phone here', 'The key in this address is not one this sandbox org gave out (it was restarted, or a newer key replaced this one). Open the link `npm run sandbox` printed this time.');
    return true;
  }
  if (error.status === 403) {
    showNotice('refused', "This key opens someone else's phone", 'Each key opens one person\'s phone only. Open the link printed for this person.');
    return true;
  }
  return false;
}

/** Whole seconds left of a deadline on the org clock, counted on from the last read. */
function secondsLeft(/** @type {string} */ iso) {
  if (!view) return 0;
  const orgNow = Date.parse(view.now) + (Date.now() - readAt);
  return Math.max(0, Math.floor((Date.parse(iso) - orgNow) / 1000));
}

function minutesSeconds(/** @type {number} */ seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function orgClockText() {
  if (!view) return '';
  const orgNow = new Date(Date.parse(view.now) + (Date.now() - readAt));
  return orgNow.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** @param {string} text */
function say(text) {
  lastOutcome = text;
  const outcome = root.querySelector('[data-testid="phone-outcome"]');
  if (outcome) outcome.textContent = text;
}

/** @param {PhonePush} push @param {'approve' | 'deny'} decision @param {number} [answer] */
async function answer(push, decision, answer) {
  for (const button of root.querySelectorAll(`[data-transaction-id="${CSS.escape(push.transactionId)}"] button`)) button.setAttribute('disabled', '');
  try {
    const result = await api(`/pushes/${encodeURIComponent(push.transactionId)}/${decision}`, decision === 'approve' && answer !== undefined ? { answer } : {});
    say(
      decision === 'deny'
        ? 'You said it was not you: the sign-in was refused.'
        : result.factorResult === 'SUCCESS'
          ? 'Approved: the sign-in goes ahead.'
          : 'That was not the number on the sign-in screen: the sign-in was refused.',
    );
    show(result.phone);
  } catch (error) {
    if (!refusedForGood(error)) say(error instanceof Error ? error.message : String(error));
    void refresh();
  }
}

/** @param {PhonePush} push */
function pushCard(push) {
  const where = push.deviceName ? `on ${push.deviceName}` : 'in Okta Verify';
  const children = [
    el('h3', {}, ['Are you trying to sign in?']),
    el('p', { class: 'muted' }, [`Okta Verify ${where} · expires in `, el('span', { 'data-expires-at': push.expiresAt }, [minutesSeconds(secondsLeft(push.expiresAt))])]),
  ];
  if (push.numberChoices) {
    children.push(el('p', {}, ['Tap the number shown on the sign-in screen.']));
    const numbers = el('div', { class: 'numbers' });
    for (const number of push.numberChoices) {
      const button = el('button', { type: 'button', class: 'number', 'data-testid': 'phone-number', 'data-number': String(number) }, [String(number)]);
      button.addEventListener('click', () => void answer(push, 'approve', number));
      numbers.append(button);
    }
    children.push(numbers);
  } else {
    const approve = el('button', { type: 'button', class: 'primary', 'data-testid': 'phone-approve' }, ["Yes, it's me"]);
    approve.addEventListener('click', () => void answer(push, 'approve'));
    children.push(approve);
  }
  const deny = el('button', { type: 'button', class: 'secondary', 'data-testid': 'phone-deny' }, ["No, it's not me"]);
  deny.addEventListener('click', () => void answer(push, 'deny'));
  children.push(deny);
  return el('article', { class: 'card push', 'data-testid': 'phone-push', 'data-transaction-id': push.transactionId }, children);
}

/** @param {PhoneActivation} activation @param {string} firstName */
function activationForm(activation, firstName) {
  const name = /** @type {HTMLInputElement} */ (el('input', { type: 'text', value: `${firstName}'s iPhone`, maxlength: '64', 'data-testid': 'phone-device-name', 'aria-label': 'Device name' }));
  const ios = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: `platform-${activation.factorId}`, value: 'IOS', checked: '' }));
  const android = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: `platform-${activation.factorId}`, value: 'ANDROID' }));
  android.addEventListener('change', () => {
    if (name.value === `${firstName}'s iPhone`) name.value = `${firstName}'s Android`;
  });
  ios.addEventListener('change', () => {
    if (name.value === `${firstName}'s Android`) name.value = `${firstName}'s iPhone`;
  });
  const scan = el('button', { type: 'submit', class: 'primary', 'data-testid': 'phone-scan' }, ['Scan QR code']);
  const form = el('form', { class: 'card activation', 'data-testid': 'phone-activation', 'data-factor-id': activation.factorId }, [
    el('h3', {}, ['Set up Okta Verify']),
    el('p', { class: 'muted' }, ['Scan the QR code on the agent\'s screen (or open the link they sent) · expires in ', el('span', { 'data-expires-at': activation.expiresAt }, [minutesSeconds(secondsLeft(activation.expiresAt))])]),
    el('label', { class: 'field' }, ['This phone is called', name]),
    el('fieldset', { class: 'platforms' }, [el('legend', {}, ['Kind of phone']), el('label', {}, [ios, ' iPhone']), el('label', {}, [android, ' Android'])]),
    scan,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    scan.setAttribute('disabled', '');
    const platform = android.checked ? 'ANDROID' : 'IOS';
    api(`/factors/${encodeURIComponent(activation.factorId)}/scan`, { name: name.value.trim() || `${firstName}'s phone`, platform, version: platform === 'IOS' ? '17.4' : '14' })
      .then((next) => {
        say('Okta Verify is set up on this phone.');
        show(next);
      })
      .catch((error) => {
        scan.removeAttribute('disabled');
        if (!refusedForGood(error)) say(error instanceof Error ? error.message : String(error));
      });
  });
  return form;
}

/** @param {PhoneMessage} message */
function messageItem(message) {
  const kind = message.channel === 'email' ? 'Email' : message.channel === 'voice' ? 'Call' : 'Text';
  const children = [
    el('p', { class: 'muted' }, [`${kind} to ${message.to} · ${new Date(message.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`]),
    el('p', { class: 'text' }, [message.text]),
  ];
  if (message.code) children.push(el('p', {}, ['Code ', el('strong', { class: 'code', 'data-testid': 'phone-message-code' }, [message.code])]));
  if (message.activationFactorId) {
    const factorId = message.activationFactorId;
    const open = el('button', { type: 'button', class: 'secondary', 'data-testid': 'phone-open-link' }, ['Open in Okta Verify']);
    open.addEventListener('click', () => {
      const form = root.querySelector(`[data-testid="phone-activation"][data-factor-id="${CSS.escape(factorId)}"]`);
      if (form) {
        form.scrollIntoView({ block: 'center' });
        /** @type {HTMLInputElement | null} */ (form.querySelector('input[type="text"]'))?.focus();
      } else say('That link has expired or was used already.');
    });
    children.push(open);
  }
  return el('li', { class: 'card message', 'data-testid': 'phone-message', 'data-channel': message.channel }, children);
}

/** @param {PhoneCode} code */
function codeItem(code) {
  const value = code.pin !== null && code.tokenCode !== null ? `${code.pin} ${code.tokenCode}` : code.passCode;
  const detail = [code.deviceName, code.status === 'PENDING_ACTIVATION' ? 'being set up' : null, code.counter !== null ? `counter ${code.counter}` : null].filter(Boolean).join(' · ');
  return el('li', { class: 'card code-row', 'data-testid': 'phone-code', 'data-factor-id': code.factorId }, [
    el('div', {}, [el('p', { class: 'name' }, [code.name]), el('p', { class: 'muted' }, [detail || code.provider])]),
    el('div', { class: 'value' }, [
      el('strong', { class: 'code', 'data-testid': 'phone-code-value' }, [value]),
      code.secondsLeft !== null ? el('span', { class: 'muted', 'data-seconds-left': String(code.secondsLeft) }, [`${code.secondsLeft} s`]) : null,
    ]),
  ]);
}

/** A security question the user set up, and the answer they remember (for whoever plays them). @param {PhoneQuestion} question */
function questionItem(question) {
  return el('li', { class: 'card question', 'data-testid': 'phone-question', 'data-factor-id': question.factorId }, [
    el('p', { class: 'muted' }, [question.questionText]),
    el('p', {}, [el('strong', { class: 'answer', 'data-testid': 'phone-question-answer' }, [question.answer])]),
  ]);
}

/** @param {string} title @param {string} testId @param {Node[]} items @param {string} empty */
function section(title, testId, items, empty) {
  return el('section', { 'data-testid': testId }, [el('h2', {}, [title]), items.length ? el('ul', { class: 'list' }, items) : el('p', { class: 'muted empty' }, [empty])]);
}

/** @param {PhoneView} next */
function show(next) {
  const json = JSON.stringify(next);
  readAt = Date.now();
  const sameAsShown = json === viewJson;
  view = next;
  viewJson = json;
  if (sameAsShown && root.dataset.state === 'ready') return;
  root.dataset.state = 'ready';
  const activationsKey = next.activations.map((a) => a.factorId).join(',');
  const keptForms = activationsKey === drawnActivations ? root.querySelector('[data-testid="phone-activations"]') : null;
  drawnActivations = activationsKey;
  root.replaceChildren(
    el('header', { class: 'status-bar' }, [el('span', { 'data-testid': 'phone-clock' }, [orgClockText()]), el('span', {}, [next.clockAheadSeconds > 0 ? `org clock +${Math.round(next.clockAheadSeconds / 60)} min` : 'Sandbox org'])]),
    el('h1', { 'data-testid': 'phone-owner' }, [`${next.user.displayName}'s phone`]),
    el('p', { class: 'outcome', role: 'status', 'data-testid': 'phone-outcome' }, [lastOutcome ?? '']),
    section('Okta Verify', 'phone-pushes', next.pushes.map(pushCard), 'No sign-in waiting.'),
    keptForms ?? el('section', { 'data-testid': 'phone-activations' }, next.activations.map((a) => activationForm(a, next.user.firstName))),
    section('Messages', 'phone-messages', next.messages.map(messageItem), 'No texts or emails from the org yet.'),
    section('Authenticator codes', 'phone-codes', next.codes.map(codeItem), 'No authenticator app or token.'),
    section(`What ${next.user.firstName} remembers`, 'phone-questions', (next.questions ?? []).map(questionItem), 'No security question set up.'),
  );
}

/** Runs the countdowns and the clock on between reads. */
function tick() {
  if (!view) return;
  const clock = root.querySelector('[data-testid="phone-clock"]');
  if (clock) clock.textContent = orgClockText();
  for (const span of root.querySelectorAll('[data-expires-at]')) span.textContent = minutesSeconds(secondsLeft(span.getAttribute('data-expires-at') ?? ''));
  // A code past its period is replaced by the next read (every POLL_MS).
  const elapsed = Math.floor((Date.now() - readAt) / 1000);
  for (const span of root.querySelectorAll('[data-seconds-left]')) {
    span.textContent = `${Math.max(0, Number(span.getAttribute('data-seconds-left')) - elapsed)} s`;
  }
}

async function refresh() {
  if (stopped) return;
  try {
    show(await api('/phone'));
  } catch (error) {
    if (refusedForGood(error)) stopped = true;
  }
}

if (!key) {
  showNotice('refused', 'This phone needs its key', 'Open the address `npm run sandbox` printed for this person: it ends in #key=…');
} else {
  void refresh();
  setInterval(() => void refresh(), POLL_MS);
  setInterval(tick, 1000);
}
