import { Type, type Static } from '@sinclair/typebox';
import { JurisdictionSchema, RoleSchema, Nullable } from './common.js';

export const District = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
});
export const Street = Type.Object({
  code: Type.String(),
  name: Type.String(),
  districtCode: Type.String(),
  districtName: Type.String(),
});
export const Community = Type.Object({
  code: Type.String(),
  name: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
});
export const SupervisionGrid = Type.Object({
  code: Type.String(),
  name: Type.String(),
  streetCode: Type.String(),
  unitGridCount: Type.Integer(),
  inspectors: Type.Array(Type.String()),
});
export const Department = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.String(),
  districtCode: Nullable(Type.String()),
  componentCategories: Type.Array(Type.String()),
  eventCategories: Type.Array(Type.String()),
  areaCodes: Type.Array(Type.String()),
  authority: Nullable(Type.String()),
  active: Type.Boolean(),
});
export type Department = Static<typeof Department>;
export const DepartmentInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  kind: Type.String({ minLength: 1, maxLength: 40 }),
  districtCode: Nullable(Type.String({ pattern: '^[0-9]{6}$' })),
  componentCategories: Type.Array(Type.String({ pattern: '^[0-9]{4}$' }), { maxItems: 500 }),
  eventCategories: Type.Array(Type.String({ pattern: '^[0-9]{4}$' }), { maxItems: 500 }),
  authority: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  areaCodes: Type.Array(Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' }), { maxItems: 100 }),
  active: Type.Optional(Type.Boolean()),
});
export type DepartmentInput = Static<typeof DepartmentInput>;

export const NamedInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const StreetInput = Type.Object({
  code: Type.String({ pattern: '^[0-9]{9}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
export const CommunityInput = Type.Object({
  code: Type.String({ pattern: '^[0-9]{12}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
});
export const SupervisionGridInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 30 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  streetCode: Type.String({ pattern: '^[0-9]{9}$' }),
});

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  displayNameEn: Nullable(Type.String()),
  roles: Type.Array(RoleSchema),
  jurisdiction: JurisdictionSchema,
  departmentId: Nullable(Type.Integer()),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  supervisionGridCodes: Type.Array(Type.String()),
});
export type User = Static<typeof User>;
export const UserInput = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  displayNameEn: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  roles: Type.Array(RoleSchema, { minItems: 1 }),
  jurisdiction: JurisdictionSchema,
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  active: Type.Optional(Type.Boolean()),
  supervisionGridCodes: Type.Optional(Type.Array(Type.String())),
});
export type UserInput = Static<typeof UserInput>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  username: Nullable(Type.String()),
  userName: Nullable(Type.String({ description: 'Who did it: the person’s display name' })),
  userNameEn: Nullable(Type.String()),
  action: Type.String({ description: 'One of AUDIT_ACTIONS (packages/domain/src/audit.ts)' }),
  entity: Type.String({ description: 'One of AUDIT_ENTITIES' }),
  entityId: Nullable(Type.String()),
  entityName: Nullable(Type.String({ description: 'What it was done to, named: a case’s code, a name' })),
  entityNameEn: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
