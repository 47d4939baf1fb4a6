import type { Static } from '@sinclair/typebox';
import type { User as UserSchema, UserInput as UserInputSchema } from '@cityloop/domain/api';
import type { Role } from '@cityloop/domain/roles';
import { http, type Page } from '@/api/http';
import type { PageParams } from '@/features/org/org.api';

export type User = Static<typeof UserSchema>;
export type UserInput = Static<typeof UserInputSchema>;

export const usersApi = {
  list: (p: PageParams & { role?: Role | '' }) => http.get<Page<User>>('/api/users', { ...p }),
  create: (input: UserInput) => http.post<User>('/api/users', input),
  update: (id: number, input: UserInput) => http.put<User>(`/api/users/${id}`, input),
  unlock: (id: number) => http.post<User>(`/api/users/${id}/unlock`),
};
