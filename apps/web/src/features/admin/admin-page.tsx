import { ADMIN_SECTIONS, type AdminSection } from '../../shared/route';
import { TeamsPage } from './teams/teams-page';
import { TokensPage } from './tokens/tokens-page';
import { UsersPage } from './users/users-page';

const TITLES: Record<AdminSection, string> = { users: 'Users', teams: 'Teams', tokens: 'Tokens' };

/** Admin: users, teams and tokens, one section at a time. */
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
    </>
  );
}
