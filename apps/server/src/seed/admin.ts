import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { hashPassword } from '../features/auth/password.js';

/**
 * A city started without the demo has no default password: the first administrator's password
 * comes from ADMIN_PASSWORD, or is asked for on the terminal at first start.
 */
export async function ensureAdministrator(db: Db, config: Config): Promise<void> {
  const r = await db.query(`select 1 from users where 'admin' = any(roles) limit 1`);
  if (r.rowCount > 0) return;
  let password = config.adminPassword;
  if (!password && process.stdin.isTTY) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = (
      await rl.question('No administrator yet. Choose a password for user "admin" (8+ characters): ')
    ).trim();
    rl.close();
  }
  if (!password || password.length < 8) {
    throw new Error(
      'No administrator exists: set ADMIN_PASSWORD (8+ characters) for the first start, or start with DEMO=true',
    );
  }
  await db.query(
    `insert into users(username, display_name, display_name_en, password_hash, roles, jurisdiction_level)
     values ('admin', '系统管理员', 'System administrator', $1, '{admin}', 'city')`,
    [await hashPassword(password)],
  );
}
