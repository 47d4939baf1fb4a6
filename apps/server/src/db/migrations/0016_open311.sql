-- Open311 GeoReport v2 (issue 19): partners' API keys, the questions a category asks a reporter,
-- what a partner sent with each request it created (the key, its attributes, contact and media
-- link) and the updates partners post (mySociety's servicerequestupdates). The case itself is an
-- ordinary case (source 'open311'); these tables only hold what the case has no column for.

create table open311_api_keys (
  id integer generated always as identity primary key,
  -- sha256 of the key in hex: the key itself is shown once, when it is issued.
  key_hash text not null unique,
  -- The key's first characters, so that an admin can tell keys apart in the list.
  key_prefix text not null,
  name text not null,
  partner text not null,
  active boolean not null default true,
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- The extra questions of a category (GeoReport "service definition" attributes), stored here so
-- that an administrator can change them; a category without rows asks nothing (metadata=false).
create table open311_attributes (
  kind text not null check (kind in ('component', 'event')),
  category text not null check (category ~ '^[0-9]{4}$'),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  variable boolean not null default true,
  datatype text not null check (datatype in ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
  required boolean not null default false,
  datatype_description text,
  ord integer not null check (ord > 0),
  description text not null,
  description_en text,
  -- [{"key", "name", "name_en"}] for the list datatypes.
  answers jsonb not null default '[]',
  primary key (kind, category, code),
  unique (kind, category, ord)
);

create table open311_requests (
  case_id bigint primary key references cases(id),
  api_key_id integer not null references open311_api_keys(id),
  -- The GeoReport token of this request (GET /tokens/{token}).
  token text not null unique,
  -- sha256 of the request's content: the same content from the same key within a minute is a retry.
  content_hash text not null,
  attributes jsonb not null default '{}',
  media_url text,
  -- email, first_name, last_name, device_id, account_id as the partner sent them (personal data:
  -- never shown through the public endpoints).
  contact jsonb not null default '{}',
  address_id text,
  created_at timestamptz not null
);
create index open311_requests_retry on open311_requests(api_key_id, content_hash, created_at desc);

create table open311_updates (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases(id),
  api_key_id integer not null references open311_api_keys(id),
  -- The partner's own id of the update (FixMyStreet's comment id): unique per key.
  update_id text not null,
  status text not null,
  description text not null,
  media_urls text[] not null default '{}',
  contact jsonb not null default '{}',
  updated_at timestamptz not null,
  created_at timestamptz not null,
  unique (api_key_id, update_id)
);
create index open311_updates_case on open311_updates(case_id, id);

-- GET /requests reads a window of requested_datetime newest first (cases_reported_at, 0002, is
-- by time only); this one gives the order's tie-breaker from the index as well.
create index cases_reported_at_id on cases(reported_at desc, id desc);

-- A plausible set of questions for a few categories of the national taxonomy.
insert into open311_attributes (kind, category, code, variable, datatype, required, datatype_description, ord, description, description_en, answers)
select kind, category, 'damage_kind', true, 'singlevaluelist', true, '选择一项', 1, '井盖的问题是什么？', 'What is wrong with the manhole cover?',
  '[{"key":"missing","name":"缺失","name_en":"Missing"},{"key":"broken","name":"破损","name_en":"Broken"},{"key":"sunken","name":"下沉或凸起","name_en":"Sunken or raised"},{"key":"loose","name":"松动或响动","name_en":"Loose or rattling"}]'::jsonb
from (values ('component', '0101'), ('component', '0102'), ('component', '0103'), ('component', '0105'), ('component', '0111')) v(kind, category);

insert into open311_attributes (kind, category, code, variable, datatype, required, datatype_description, ord, description, description_en, answers) values
  ('component', '0111', 'gas_notice', false, 'text', false, null, 2,
   '闻到燃气味时请远离并立即拨打燃气抢修电话。', 'If you smell gas, keep away and call the gas emergency line at once.', '[]'),
  ('event', '0110', 'hazards', true, 'multivaluelist', false, '可多选', 1, '破损带来哪些危险？', 'What hazards does the damage cause?',
   '[{"key":"traffic","name":"影响车辆通行","name_en":"Blocks traffic"},{"key":"pedestrians","name":"行人易摔倒","name_en":"Pedestrians may fall"},{"key":"ponding","name":"雨天积水","name_en":"Water collects when it rains"}]'),
  ('event', '0110', 'area_m2', true, 'number', false, '估计面积，平方米', 2, '破损面积大约多少平方米？', 'About how many square metres are damaged?', '[]'),
  ('event', '0102', 'noticed_at', true, 'datetime', false, 'ISO 8601，含时区', 1, '什么时候发现的？', 'When did you notice it?', '[]'),
  ('event', '0102', 'amount', true, 'singlevaluelist', false, '选择一项', 2, '垃圾有多少？', 'How much rubbish is there?',
   '[{"key":"bag","name":"几袋","name_en":"A few bags"},{"key":"cart","name":"一车以内","name_en":"Up to a cartload"},{"key":"more","name":"更多","name_en":"More"}]');
