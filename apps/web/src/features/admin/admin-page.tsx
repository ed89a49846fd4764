import { ADMIN_SECTIONS, type AdminSection } from '../../shared/route';
import { AuditPage } from './audit/audit-page';
import { TeamsPage } from './teams/teams-page';
import { TokensPage } from './tokens/tokens-page';
import { UsersPage } from './users/users-page';

const TITLES: Record<AdminSection, string> = {
  users: 'Users',
  teams: 'Teams',
  tokens: 'Tokens',
  audit: 'Audit log',
};

/** Admin: users, teams, tokens and the audit log, one section at a time (the sub-navigation lists all four). */
export function AdminPage({ section }: { section: AdminSection }) {
  return (
    <>
      <nav aria-label="Administration" className="sub-nav">
        {ADMIN_SECTIONS.map((s) => (
          <a key={s} href={`#/admin/${s}`} aria-current={s === section ? 'page' : undefined}>
            {TITLES[s]}
          </a>
        ))}
      </nav>
      {section === 'users' && <UsersPage />}
      {section === 'teams' && <TeamsPage />}
      {section === 'tokens' && <TokensPage />}
      {section === 'audit' && <AuditPage />}
    </>
  );
}
