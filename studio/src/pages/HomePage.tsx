import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../app/i18n';

export default function HomePage() {
  const t = useT();
  const cards = [
    { to: '/workflows', title: t('流程设计', 'Workflows'), text: t('拖拽设计审批流程，校验、发布与模拟。', 'Design approval flows, validate, publish and simulate.') },
    { to: '/rule-sets', title: t('规则', 'Rules'), text: t('决策表、条件与公式，在浏览器中运行测试用例。', 'Decision tables, conditions and formulas with test cases in the browser.') },
    { to: '/forms', title: t('表单', 'Forms'), text: t('搭建经销商与审批人使用的表单，实时预览。', 'Build the forms dealers and approvers fill in, with a live preview.') },
    { to: '/deployments', title: t('版本与部署', 'Deployments'), text: t('各配置的版本与部署记录。', 'Versions and deployments of the configuration.') },
  ];
  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={3}>{t('概览', 'Overview')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.to} xs={24} md={12} xl={6}>
            <Link to={c.to}><Card hoverable title={c.title}>{c.text}</Card></Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
