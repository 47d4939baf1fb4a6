import { Type, type Static } from '@sinclair/typebox';
import { JurisdictionSchema, RoleSchema, Nullable } from './common.js';

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  displayNameEn: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  jurisdiction: JurisdictionSchema,
  departmentId: Nullable(Type.Integer()),
  supervisionGridCodes: Type.Array(Type.String()),
  home: Type.String({ description: 'Path of the role-specific home page in the web app' }),
  timeZone: Type.String({
    description: "The city's time zone (TZ_CITY): the web app shows every time in it, whatever the browser's",
  }),
});
export type Me = Static<typeof Me>;
