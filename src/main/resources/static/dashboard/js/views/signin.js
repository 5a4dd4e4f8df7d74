// Sign-in: an API key, pasted once, exchanged for an HttpOnly session cookie. The key is kept nowhere.

import {signIn} from '../api.js';
import {h, replace} from '../dom.js';

export function render(main, ctx) {
  ctx.setTitle('Sign in');
  const problem = h('p', {class: 'problem', id: 'signin-problem', role: 'alert', hidden: true});
  const input = h('input', {
    id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'api-key-hint signin-problem', placeholder: 'jp_…',
  });
  const button = h('button', {type: 'submit'}, 'Sign in');
  const form = h('form', {class: 'card signin', novalidate: true},
    h('h1', {}, 'Sign in'),
    h('p', {}, 'jobpool runs jobs for your team. Paste an API key to watch and manage your tenant\'s jobs.'),
    h('div', {class: 'field'},
      h('label', {for: 'api-key'}, 'API key'),
      input,
      h('p', {class: 'hint', id: 'api-key-hint'},
        'A key starting with jp_, from your administrator or from the service\'s first start. It is exchanged for a ',
        'session cookie and not stored by this page.')),
    problem,
    h('div', {class: 'actions'}, button));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      showProblem('Paste an API key first.');
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Signing in…';
    try {
      await signIn(key);
      input.value = '';
      ctx.announce('');
      ctx.afterSignIn();
    } catch (e) {
      showProblem(e.status === 401 || e.status === 400
        ? `That key was not accepted. ${e.problem?.detail ?? ''}`.trim()
        : e.message);
      input.select();
      input.focus();
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  });

  function showProblem(text) {
    problem.hidden = false;
    replace(problem, text);
    input.setAttribute('aria-invalid', 'true');
  }

  replace(main, h('div', {class: 'signin-page'}, form));
  input.focus();
}
