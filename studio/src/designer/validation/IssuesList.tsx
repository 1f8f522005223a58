import { CheckCircleOutlined, CloudServerOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Badge, Empty, List, Tag, Tooltip, Typography } from 'antd';
import type { FlowDefinition } from '../../../../rules/flow/index.js';
import { useLabel, useT } from '../../app/i18n';
import type { DesignerProblem } from '../store/flow-validation';

interface Props {
  doc: FlowDefinition;
  problems: DesignerProblem[];
  onPick(problem: DesignerProblem): void;
}

/** Every problem of the document; clicking one selects its node and centres the canvas on it. */
export function IssuesList({ doc, problems, onPick }: Props) {
  const t = useT();
  const label = useLabel();
  const names = new Map(doc.nodes.map((n) => [n.id, label(n.name, n.id)]));
  return (
    <div data-testid="issues-list" data-count={problems.length} style={{ height: '100%', overflow: 'auto' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 12px', borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, background: '#fff', zIndex: 1 }}>
        <Typography.Text strong>{t('问题', 'Problems')}</Typography.Text>
        <Badge count={problems.length} showZero color={problems.length ? '#ff4d4f' : '#52c41a'} />
      </div>
      {problems.length === 0 ? (
        <Empty image={<CheckCircleOutlined style={{ fontSize: 28, color: '#52c41a' }} />} styles={{ image: { height: 32 } }} description={t('没有发现问题，可以发布', 'No problems found; ready to publish')} style={{ margin: '12px 0' }} />
      ) : (
        <List
          size="small"
          dataSource={problems}
          renderItem={(p) => (
            <List.Item
              data-testid="issue-item"
              data-node-id={p.nodeId}
              data-code={p.code}
              onClick={() => onPick(p)}
              style={{ cursor: p.nodeId ? 'pointer' : 'default', paddingInline: 12 }}
            >
              <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', minWidth: 0 }}>
                <ExclamationCircleOutlined style={{ color: '#ff4d4f' }} />
                {p.nodeId && <Tag style={{ marginInlineEnd: 0 }}>{names.get(p.nodeId) ?? p.nodeId}</Tag>}
                <span style={{ minWidth: 0 }}>{p.message}</span>
                <Typography.Text type="secondary" style={{ fontSize: 11, whiteSpace: 'nowrap' }}>{p.code} · {p.pointer}</Typography.Text>
                {p.source === 'server' && <Tooltip title={t('服务器校验', 'Reported by the server')}><CloudServerOutlined style={{ color: '#8c8c8c' }} /></Tooltip>}
              </div>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
