// The sign-in screen: username and password through the login mutation;
// in demo mode, the demo accounts as one-click buttons.

import { t } from './i18n.js';
import { gql } from './api.js';
import { h, mount, field, onSubmit, showError } from './ui.js';
import { signedIn } from './main.js';

const LOGIN = 'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt } }';

/** Renders the sign-in screen. */
export function render(main, _params, session) {
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = onSubmit(h('form', { class: 'form narrow', novalidate: false },
    field(t('username'), user),
    field(t('password'), pass),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn', id: 'signin-submit' }, t('signIn')))),
  async (v) => {
    const d = await gql(LOGIN, { u: v.username.trim(), p: v.password });
    await signedIn(d.login.token);
  });
  const demo = session.config.demo && session.config.demoAccounts.length
    ? h('section', { class: 'card demo' },
      h('h2', {}, t('demoTitle')),
      h('p', {}, t('demoHelp')),
      h('div', { class: 'demo-accounts' }, session.config.demoAccounts.map((a) => h('button', {
        type: 'button', class: 'btn secondary demo-account', 'data-username': a.username,
        onclick: async () => {
          try {
            const d = await gql(LOGIN, { u: a.username, p: a.password });
            await signedIn(d.login.token);
          } catch (err) {
            showError(form, err);
          }
        },
      }, h('strong', {}, t('roles')[a.role] || a.role), h('small', {}, a.username)))))
    : null;
  mount(main,
    h('h1', {}, t('signInTitle')),
    h('p', { class: 'lead' }, t('signInHelp')),
    h('div', { class: 'grid two' }, h('section', { class: 'card' }, form), demo));
  user.focus();
}
