import { computed, ref } from 'vue';
import { canReach, type CapabilityName } from '@cityloop/domain/access/policy';
import type { Role } from '@cityloop/domain/roles';
import { ApiError } from '@/api/http';
import { startLive, stopLive } from '@/api/live';
import { setCityZone } from '@/time';
import { authApi, type Me } from './auth.api';
import { localName } from '@/i18n/localName';

/** The signed-in user, or null. Loaded once at start and on login. */
export const me = ref<Me | null>(null);
let loaded: Promise<Me | null> | null = null;

export const isAdmin = computed(() => can('admin'));

/** The signed-in user's name in the page's language. */
export const myName = computed(() =>
  me.value ? localName(me.value.displayName, me.value.displayNameEn) : '',
);

export function hasRole(...roles: Role[]): boolean {
  return !!me.value && me.value.roles.some((r) => roles.includes(r));
}

/** Whether the signed-in user reaches a capability of the access policy (packages/domain). */
export function can(capability: CapabilityName): boolean {
  return !!me.value && canReach(me.value.roles, capability);
}

/** Asks the server who is signed in (once; later calls reuse the answer). */
export function loadMe(): Promise<Me | null> {
  loaded ??= authApi.me().then(
    (user) => setUser(user),
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return setUser(null);
      loaded = null;
      throw err;
    },
  );
  return loaded;
}

function setUser(user: Me | null): Me | null {
  me.value = user;
  setCityZone(user?.timeZone);
  if (user) startLive();
  else stopLive();
  return user;
}

export async function login(username: string, password: string): Promise<Me> {
  const user = await authApi.login(username, password);
  loaded = Promise.resolve(setUser(user));
  return user;
}

export async function logout(): Promise<void> {
  try {
    await authApi.logout();
  } finally {
    loaded = Promise.resolve(setUser(null));
  }
}

/** Forgets the user without asking the server (the session expired). */
export function forgetUser(): void {
  loaded = Promise.resolve(setUser(null));
}
