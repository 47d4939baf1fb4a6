import type { Directive } from 'vue';

/**
 * `v-testid:login-username` puts data-testid on a component's root element. Element Plus passes a
 * plain data-testid attribute of ElInput on to the inner <input>; tests address the wrapper and
 * find the input inside it, as they do for every other widget.
 */
export const vTestid: Directive<HTMLElement, undefined, string, string> = {
  mounted(el, binding) {
    if (binding.arg) el.setAttribute('data-testid', binding.arg);
  },
};

declare module 'vue' {
  interface GlobalDirectives {
    vTestid: typeof vTestid;
  }
}
