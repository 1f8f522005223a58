import { Tooltip, Typography } from 'antd';
import { nodeTypeIds, nodeTypes, type NodeTypeDescriptor, type NodeTypeId } from '../../../../schemas/flow/node-types.js';
import { useLabel, useT } from '../../app/i18n';
import { NodeIcon } from './node-icons';

/** The drag payload of a palette item: the node type id. */
export const PALETTE_MIME = 'application/x-channelflow-node-type';

const groups: { id: NodeTypeDescriptor['group']; label: [string, string] }[] = [
  { id: 'event', label: ['事件', 'Events'] },
  { id: 'human', label: ['人工', 'People'] },
  { id: 'automation', label: ['自动', 'Automation'] },
  { id: 'gateway', label: ['网关', 'Gateways'] },
];

/** Node types from the registry, by group: drag one onto the canvas (or double-click to add it at the centre). */
export function Palette({ onAdd }: { onAdd(type: NodeTypeId): void }) {
  const label = useLabel();
  const t = useT();
  return (
    <div data-testid="palette" style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
      {groups.map((g) => (
        <div key={g.id}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(...g.label)}</Typography.Text>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 6 }}>
            {nodeTypeIds.filter((id) => nodeTypes[id].group === g.id).map((id) => {
              const type = nodeTypes[id];
              return (
                <Tooltip key={id} title={label(type.description)} placement="right">
                  <div
                    data-testid={`palette-item-${id}`}
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.setData(PALETTE_MIME, id);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onDoubleClick={() => onAdd(id)}
                    style={{
                      display: 'flex', alignItems: 'center', gap: 8, padding: '6px 10px', cursor: 'grab', userSelect: 'none',
                      border: '1px solid #e5e7eb', borderLeft: `3px solid ${type.color}`, borderRadius: 4, background: '#fff',
                    }}
                  >
                    <NodeIcon name={type.icon} color={type.color} />
                    <span>{label(type.label)}</span>
                  </div>
                </Tooltip>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
