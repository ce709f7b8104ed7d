// Sign in with an email or a phone and the one-time code (API.md "Identifiers and OTP").
import {call, explain, session} from './api.js';
import {field, h, mount} from './dom.js';

export function signIn(root, signedIn) {
  const identifier = h('input', {name: 'identifier', autocomplete: 'username', required: true, placeholder: 'you@example.com or +91…'});
  const code = h('input', {name: 'otp', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true});
  const resend = h('button', {type: 'button', class: 'link', disabled: true}, 'Send a new code');
  let normalised = null;
  let countdown = null;

  function cooldown(seconds) {
    clearInterval(countdown);
    let left = seconds;
    resend.disabled = true;
    const tick = () => {
      resend.textContent = left > 0 ? `Send a new code (${left} s)` : 'Send a new code';
      resend.disabled = left > 0;
      if (left-- <= 0) clearInterval(countdown);
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  /** Each step has its own alert; this shows in the one on screen. */
  const say = text => { root.querySelector('.error').textContent = text; };

  async function requestCode() {
    say('');
    try {
      const sent = await call('POST', '/api/auth/otp/request', {identifier: identifier.value.trim()}, {anonymous: true});
      normalised = sent.identifier;
      mount(root, codeStep);
      code.focus();
      cooldown(sent.resendAfterSeconds);
    } catch (error) {
      say(explain(error));
      if (error.problem?.retryAfterSeconds) cooldown(error.problem.retryAfterSeconds);
    }
  }

  const identifierStep = h('form', {class: 'card signin', onsubmit: event => { event.preventDefault(); requestCode(); }},
      h('h1', {}, 'Parley'), field('Email or phone', identifier), h('button', {type: 'submit'}, 'Send me a code'), h('p', {class: 'error', role: 'alert'}));

  const codeStep = h('form', {class: 'card signin', onsubmit: async event => {
        event.preventDefault();
        say('');
        try {
          const answer = await call('POST', '/api/auth/otp/verify', {identifier: normalised, otp: code.value.trim()}, {anonymous: true});
          clearInterval(countdown);
          session.start(answer);
          signedIn(answer.user);
        } catch (error) {
          const left = error.problem?.attemptsLeft;
          say(explain(error) + (left != null ? ` ${left} attempts left.` : ''));
        }
      }},
      h('h1', {}, 'Enter the code'), field('6-digit code', code), h('button', {type: 'submit'}, 'Sign in'),
      resend, h('p', {class: 'error', role: 'alert'}));
  resend.addEventListener('click', requestCode);

  mount(root, identifierStep);
  identifier.focus();
}
