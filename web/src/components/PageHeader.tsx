import { Breadcrumb, Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../app/auth.tsx';
import { NAV_PATH, trailOf, type NavKey } from '../app/navigation.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface PageHeaderProps {
  /** The menu entry of the page: the breadcrumb names its group and the page as the menu does. */
  readonly nav: NavKey;
  /** The menu page this one is reached from, when the user's menu lacks the page itself (政策库 → 免申即享清单). */
  readonly parent?: NavKey;
  /** The page's title, the breadcrumb's last step: the menu's name unless given. */
  readonly title?: string;
  /** Beside the title: a count, a tag. */
  readonly tags?: ReactNode;
  /** One line under the title: what the page holds. */
  readonly subtitle?: ReactNode;
  /** The page's main buttons (export, import, new), on the right of the title. */
  readonly extra?: ReactNode;
}

/**
 * The header of a work page, as Ant Design Pro's PageContainer lays it out: a breadcrumb
 * (首页 / the menu's group / the page, in the menu's own names), the title with the page's main
 * buttons on the right, and a line of description. On a phone the buttons wrap under the title.
 */
export const PageHeader = ({ nav, parent, title, tags, subtitle, extra }: PageHeaderProps) => {
  const { m } = useI18n();
  const heading = title ?? m.nav[nav];
  return (
    <div data-testid="page-header">
      <PageBreadcrumb nav={nav} parent={parent} last={heading} />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 8 }}>
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
            {heading}
          </Typography.Title>
          {tags}
        </Flex>
        {extra && <div data-testid="page-actions">{extra}</div>}
      </Flex>
      {subtitle && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {subtitle}
        </Typography.Paragraph>
      )}
    </div>
  );
};

/**
 * The breadcrumb alone: 首页 / the menu's group / (the menu page it is reached from) / `last`.
 * With `linked`, the page `nav` itself is a step with its link (台账 before a case's number).
 */
export const PageBreadcrumb = ({ nav, parent, last, linked = false }: { nav: NavKey; parent?: NavKey | undefined; last: string; linked?: boolean }) => {
  const { m } = useI18n();
  const { user } = useAuth();
  const trail = user ? trailOf(user, nav, parent) : { section: null, parent: null };
  const steps = [...(trail.parent ? [trail.parent] : []), ...(linked ? [nav] : [])];
  return (
    <Breadcrumb
      data-testid="page-breadcrumb"
      items={[
        { title: <Link to="/">{m.listView.home}</Link> },
        ...(trail.section ? [{ title: m.listView.sections[trail.section] }] : []),
        ...steps.map((step) => ({ title: <Link to={NAV_PATH[step]}>{m.nav[step]}</Link> })),
        { title: last },
      ]}
    />
  );
};

/** A work page: its header (PageHeader) above its content, the page's cards one under another. */
export const PageContainer = ({ children, ...header }: PageHeaderProps & { readonly children: ReactNode }) => (
  <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <PageHeader {...header} />
    {children}
  </Space>
);
