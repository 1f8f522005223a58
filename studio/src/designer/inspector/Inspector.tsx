import { Empty, Form, Input, Typography } from 'antd';
import { memo, useEffect, useRef, useState } from 'react';
import type { FlowNode } from '../../../../rules/flow/index.js';
import { nodeTypes } from '../../../../schemas/flow/node-types.js';
import { useLabel, useT } from '../../app/i18n';
import { NodeIcon } from '../palette/node-icons';
import type { DesignerStore } from '../store/designer-store';
import type { DesignerCommand } from '../store/flow-commands';
import { edgesOnMissingPorts } from '../store/flow-ports';
import { ParamsForm } from './ParamsForm';
import { WorkflowProperties } from './WorkflowProperties';

interface Props {
  store: DesignerStore;
  /** The one selected node, or null (then the workflow's own properties are shown). */
  node: FlowNode | null;
  selectedCount: number;
}

/** Properties of the selected node: its name and its parameters; every edit is a store command. Memoized like WorkflowProperties. */
export const Inspector = memo(function Inspector({ store, node, selectedCount }: Props) {
  const t = useT();
  const label = useLabel();
  // typing in one field is one undo step: the merge key changes on blur and on another node
  const session = useRef(0);
  const [, bump] = useState(0);
  const nextSession = () => { session.current++; bump((n) => n + 1); };
  useEffect(nextSession, [node?.id]);

  if (!node) {
    return (
      <div data-testid="inspector" style={{ padding: 16 }}>
        {selectedCount > 1
          ? <Empty description={t(`已选择 ${selectedCount} 个节点`, `${selectedCount} nodes selected`)} />
          : <WorkflowProperties store={store} />}
      </div>
    );
  }
  const type = nodeTypes[node.type];
  const rename = (lang: 'zh' | 'en', value: string) => {
    const other = lang === 'zh' ? 'en' : 'zh';
    const before = { zh: node.name?.zh ?? '', en: node.name?.en ?? '' };
    // both languages are required: English follows the Chinese until it is given its own text
    const follows = !before[other] || (lang === 'zh' && before.en === before.zh);
    const name = { ...before, [lang]: value, ...(follows ? { [other]: value } : {}) };
    const empty = !name.zh && !name.en;
    store.dispatch({ type: 'rename', nodeId: node.id, name: empty ? null : name }, t('重命名节点', 'Rename node'), `name:${node.id}:${session.current}`);
  };
  const updateParams = (params: FlowNode['params']) => {
    const updated = { ...node, params } as FlowNode;
    const dangling = edgesOnMissingPorts(store.getDocument(), updated);
    const command: DesignerCommand = { type: 'updateParams', nodeId: node.id, params };
    store.dispatch(
      dangling.length ? { type: 'batch', commands: [{ type: 'removeElements', nodeIds: [], edgeIds: dangling }, command] } : command,
      t('修改节点参数', 'Edit parameters'),
      `params:${node.id}:${session.current}`,
    );
  };
  return (
    <div data-testid="inspector" data-node-id={node.id} style={{ padding: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
        <span style={{ fontSize: 18 }}><NodeIcon name={type.icon} color={type.color} /></span>
        <Typography.Title level={5} style={{ margin: 0 }}>{label(type.label)}</Typography.Title>
        <Typography.Text type="secondary" copyable style={{ marginLeft: 'auto', fontSize: 12 }}>{node.id}</Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{label(type.description)}</Typography.Paragraph>
      <Form layout="vertical" size="small">
        <Form.Item label={t('名称（中文）', 'Name (Chinese)')} style={{ marginBottom: 8 }}>
          <Input data-testid="inspector-name-zh" value={node.name?.zh ?? ''} onChange={(e) => rename('zh', e.target.value)} onBlur={nextSession} placeholder={label(type.label)} />
        </Form.Item>
        <Form.Item label={t('名称（英文）', 'Name (English)')}>
          <Input data-testid="inspector-name-en" value={node.name?.en ?? ''} onChange={(e) => rename('en', e.target.value)} onBlur={nextSession} />
        </Form.Item>
      </Form>
      <div data-testid="inspector-params" className="cf-params-form">
        <ParamsForm node={node} onChange={updateParams} onBlur={nextSession} />
      </div>
    </div>
  );
});
