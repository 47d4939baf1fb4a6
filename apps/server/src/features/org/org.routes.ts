import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  Community,
  CommunityInput,
  Department,
  DepartmentInput,
  District,
  ErrorResponse,
  NamedInput,
  Nullable,
  Page,
  PageQuery,
  Street,
  StreetInput,
  SupervisionGrid,
  SupervisionGridInput,
} from '@cityloop/domain/api';
import type { OrgService } from './org.service.js';
import { areaPrefix } from './org.service.js';
import { actorOf } from '../../http/actor.js';

const READERS = 'authenticated' as const;
const ADMIN = rolesFor('admin');
const tags = ['organisation'];

const StreetsQuery = Type.Composite([
  PageQuery,
  Type.Object({ districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) }),
]);
const CommunitiesQuery = Type.Composite([
  PageQuery,
  Type.Object({ streetCode: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })) }),
]);
const UnitGridsQuery = Type.Composite([
  PageQuery,
  Type.Object({ communityCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })) }),
]);
const DeptQuery = Type.Composite([
  PageQuery,
  Type.Object({ category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })) }),
]);
const UnitGridRow = Type.Object({
  code: Type.String(),
  communityCode: Type.String(),
  communityName: Type.String(),
  supervisionGridCode: Nullable(Type.String()),
  responsibleBody: Nullable(Type.String()),
  areaM2: Type.Number(),
  version: Type.Integer(),
});
const CodeParam = (digits: number) => Type.Object({ code: Type.String({ pattern: `^[0-9]{${digits}}$` }) });
const NamedResult = Type.Object({ code: Type.String(), name: Type.String() });

export async function orgRoutes(app: FastifyInstance, ctx: { org: OrgService }) {
  const org = ctx.org;
  app.get(
    '/api/org/districts',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: { tags, summary: 'Districts of the city', response: { 200: Type.Array(District) } },
    },
    async () => org.districts(),
  );

  app.patch<{ Params: { code: string }; Body: Static<typeof NamedInput> }>(
    '/api/org/districts/:code',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Rename a district',
        params: CodeParam(6),
        body: NamedInput,
        response: { 200: NamedResult, 404: ErrorResponse },
      },
    },
    async (req) => org.rename('districts', req.params.code, req.body.name, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof StreetsQuery> }>(
    '/api/org/streets',
    {
      config: { access: { roles: READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Streets (街道/镇), searchable and paginated',
        querystring: StreetsQuery,
        response: { 200: Page(Street) },
      },
    },
    async (req) => org.streets({ ...req.query, areaPrefix: areaPrefix(req.user!.jurisdiction) }),
  );

  app.post<{ Body: Static<typeof StreetInput> }>(
    '/api/org/streets',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Create a street',
        body: StreetInput,
        response: { 200: NamedResult, 409: ErrorResponse },
      },
    },
    async (req) => org.createStreet(req.body.code, req.body.name, actorOf(req)),
  );

  app.patch<{ Params: { code: string }; Body: Static<typeof NamedInput> }>(
    '/api/org/streets/:code',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Rename a street',
        params: CodeParam(9),
        body: NamedInput,
        response: { 200: NamedResult, 404: ErrorResponse },
      },
    },
    async (req) => org.rename('streets', req.params.code, req.body.name, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof CommunitiesQuery> }>(
    '/api/org/communities',
    {
      config: { access: { roles: READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Communities (社区), searchable and paginated',
        querystring: CommunitiesQuery,
        response: { 200: Page(Community) },
      },
    },
    async (req) => org.communities({ ...req.query, areaPrefix: areaPrefix(req.user!.jurisdiction) }),
  );

  app.post<{ Body: Static<typeof CommunityInput> }>(
    '/api/org/communities',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Create a community',
        body: CommunityInput,
        response: { 200: NamedResult, 409: ErrorResponse },
      },
    },
    async (req) => org.createCommunity(req.body.code, req.body.name, actorOf(req)),
  );

  app.patch<{ Params: { code: string }; Body: Static<typeof NamedInput> }>(
    '/api/org/communities/:code',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Rename a community',
        params: CodeParam(12),
        body: NamedInput,
        response: { 200: NamedResult, 404: ErrorResponse },
      },
    },
    async (req) => org.rename('communities', req.params.code, req.body.name, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof CommunitiesQuery> }>(
    '/api/org/supervision-grids',
    {
      config: { access: { roles: READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Supervision grids (监督网格) with their inspectors',
        querystring: CommunitiesQuery,
        response: { 200: Page(SupervisionGrid) },
      },
    },
    async (req) => org.supervisionGrids({ ...req.query, areaPrefix: areaPrefix(req.user!.jurisdiction) }),
  );

  app.post<{ Body: Static<typeof SupervisionGridInput> }>(
    '/api/org/supervision-grids',
    {
      config: { access: { roles: ADMIN, scope: 'area' } },
      schema: {
        tags,
        summary: 'Create a supervision grid',
        body: SupervisionGridInput,
        response: { 409: ErrorResponse },
      },
    },
    async (req) => org.createSupervisionGrid(req.body.code, req.body.name, req.body.streetCode, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof UnitGridsQuery> }>(
    '/api/org/unit-grids',
    {
      config: { access: { roles: READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Unit grids (万米单元网格) as a table',
        querystring: UnitGridsQuery,
        response: { 200: Page(UnitGridRow) },
      },
    },
    async (req) => org.unitGrids({ ...req.query, areaPrefix: areaPrefix(req.user!.jurisdiction) }),
  );

  app.get<{ Querystring: Static<typeof DeptQuery> }>(
    '/api/org/departments',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Handling units (专业部门) with the categories and areas they answer for',
        querystring: DeptQuery,
        response: { 200: Page(Department) },
      },
    },
    async (req) => org.departments({ ...req.query, areaPrefix: areaPrefix(req.user!.jurisdiction) }),
  );

  app.post<{ Body: DepartmentInput }>(
    '/api/org/departments',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Create a department',
        body: DepartmentInput,
        response: { 200: Department, 409: ErrorResponse },
      },
    },
    async (req) => org.saveDepartment(null, req.body, actorOf(req)),
  );

  app.put<{ Params: { id: number }; Body: DepartmentInput }>(
    '/api/org/departments/:id',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Update a department',
        params: Type.Object({ id: Type.Integer() }),
        body: DepartmentInput,
        response: { 200: Department, 404: ErrorResponse },
      },
    },
    async (req) => org.saveDepartment(req.params.id, req.body, actorOf(req)),
  );
}
