// The backups page's messages, Chinese first; i18n.en.ts has the same keys (checked by its type).
const backupsZh = {
  backups: {
    title: '备份与恢复',
    intro:
      '备份包含数据库和上传的文件（照片、附件），保存在服务器的 DATA_DIR/backups 目录下。定时备份由 BACKUP_EVERY_HOURS 设置，保留份数由 BACKUP_KEEP 设置。',
    restoreHint: '恢复：停止服务后，在服务器上运行 {command}，再启动服务。',
    create: '立即备份',
    creating: '正在备份…',
    created: '备份 {name} 已完成',
    empty: '还没有备份',
    name: '备份',
    at: '时间',
    database: '数据库',
    migration: '数据库版本',
    files: '文件',
    contents: '内容',
    counts: '案件 {cases} · 处置记录 {caseEvents} · 附件 {attachments} · 监测数据 {readings} · 用户 {users}',
    databases: { pglite: '内置数据库 (PGlite)', postgres: 'PostgreSQL' },
  },
};

export default backupsZh;
export type BackupsMessages = typeof backupsZh;
