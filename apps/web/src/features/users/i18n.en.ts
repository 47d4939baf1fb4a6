import type { UsersMessages } from './i18n.zh-CN';

const usersEn: UsersMessages = {
  users: {
    title: 'Users',
    create: 'New user',
    edit: 'Edit user',
    username: 'Username',
    displayName: 'Name',
    displayNameEn: 'Name in English',
    password: 'Password',
    passwordHint: 'At least 8 characters; leave empty to keep',
    passwordNew: 'At least 8 characters',
    roles: 'Roles',
    roleFilter: 'Filter by role',
    phone: 'Phone',
    active: 'Active',
    status: 'Status',
    locked: 'Locked',
    normal: 'Normal',
    disabled: 'Disabled',
    unlock: 'Unlock',
    unlocked: '{name} is unlocked',
    supervisionGrids: 'Supervision grids',
    rolesRequired: 'Choose at least one role',
    usernamePattern: '2–64 letters, digits, underscores, dots or dashes',
    passwordLength: 'At least 8 characters',
    codeRequired: 'Choose an area',
    departmentRequired: 'Choose a department',
  },
};

export default usersEn;
