import { Form, Input, Typography } from 'antd';
import { memo, useRef, useSyncExternalStore } from 'react';
import { useT } from '../../app/i18n';
import type { DesignerStore } from '../store/designer-store';

/**
 * With no node selected: the workflow's key, name and description. Memoized: antd's form items
 * measure themselves on every render, which forces a layout of the whole canvas (1,000 nodes).
 */
export const WorkflowProperties = memo(function WorkflowProperties({ store }: { store: DesignerStore }) {
  const t = useT();
  const { doc } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const session = useRef(0);
  const update = (patch: { zh?: string; en?: string; description?: string }) => {
    const name = { ...doc.name, ...(patch.zh !== undefined ? { zh: patch.zh } : {}), ...(patch.en !== undefined ? { en: patch.en } : {}) };
    const description = patch.description !== undefined ? patch.description || null : doc.description ?? null;
    store.dispatch({ type: 'updateWorkflow', name, description }, t('修改流程属性', 'Edit workflow'), `workflow:${session.current}`);
  };
  const blur = () => { session.current++; };
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('流程属性', 'Workflow')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('选中一个节点以编辑其属性；从左侧拖入节点，从节点右侧的端口拖线连接。', 'Select a node to edit it; drag nodes in from the left and connect them from the ports on their right.')}
      </Typography.Paragraph>
      <Form layout="vertical" size="small">
        <Form.Item label={t('流程编码', 'Key')}><Input value={doc.key} disabled /></Form.Item>
        <Form.Item label={t('名称（中文）', 'Name (Chinese)')}><Input data-testid="workflow-name-zh" value={doc.name.zh ?? ''} onChange={(e) => update({ zh: e.target.value })} onBlur={blur} /></Form.Item>
        <Form.Item label={t('名称（英文）', 'Name (English)')}><Input value={doc.name.en ?? ''} onChange={(e) => update({ en: e.target.value })} onBlur={blur} /></Form.Item>
        <Form.Item label={t('说明', 'Description')}><Input.TextArea rows={3} value={doc.description ?? ''} onChange={(e) => update({ description: e.target.value })} onBlur={blur} /></Form.Item>
      </Form>
    </>
  );
});
