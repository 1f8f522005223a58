import { ApiToken } from './api-token.entity.js';
import { Attachment } from './attachment.entity.js';
import { Dealer } from './dealer.entity.js';
import { DealerTierChange } from './dealer-tier-change.entity.js';
import { DiversionCase } from './diversion-case.entity.js';
import { InventoryLevel } from './inventory-level.entity.js';
import { Order } from './order.entity.js';
import { OrderLine } from './order-line.entity.js';
import { Product } from './product.entity.js';
import { ProductCategory } from './product-category.entity.js';
import { RebateEntry } from './rebate-entry.entity.js';
import { RebateStatement } from './rebate-statement.entity.js';
import { Receivable } from './receivable.entity.js';
import { Warehouse } from './warehouse.entity.js';
import { WarehouseLane } from './warehouse-lane.entity.js';
import { Deployment } from './deployment.entity.js';
import { ConfigDocumentVersion } from './config-document-version.entity.js';
import { LoginAttempt } from './login-attempt.entity.js';
import { LoginThrottle } from './login-throttle.entity.js';
import { Region } from './region.entity.js';
import { Role } from './role.entity.js';
import { SavedView } from './saved-view.entity.js';
import { RuleSetVersion } from './rule-set-version.entity.js';
import { Session } from './session.entity.js';
import { Tenant } from './tenant.entity.js';
import { TenantSecret } from './tenant-secret.entity.js';
import { UserRole } from './user-role.entity.js';
import { User } from './user.entity.js';
import { WorkflowCc } from './workflow-cc.entity.js';
import { WorkflowEvent } from './workflow-event.entity.js';
import { WorkflowIncident } from './workflow-incident.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';
import { WorkflowNotification } from './workflow-notification.entity.js';
import { WorkflowOutbox } from './workflow-outbox.entity.js';
import { WorkflowActionRun } from './workflow-action-run.entity.js';
import { WorkflowTask } from './workflow-task.entity.js';

export { ApiToken, Dealer, ConfigDocumentVersion, Deployment, LoginAttempt, LoginThrottle, Region, Role, RuleSetVersion, Session, Tenant, User, UserRole };
export { Attachment };
export { SavedView };
export { TenantSecret };
export { DiversionCase, InventoryLevel, Order, OrderLine, Product, ProductCategory, RebateEntry, RebateStatement, Receivable, Warehouse, WarehouseLane };
export { WorkflowActionRun };
export { DealerTierChange };
export { WorkflowCc, WorkflowEvent, WorkflowIncident, WorkflowInstance, WorkflowNotification, WorkflowOutbox, WorkflowTask };

const workflowEntities = [WorkflowInstance, WorkflowTask, WorkflowEvent, WorkflowCc, WorkflowNotification, WorkflowIncident, WorkflowOutbox, WorkflowActionRun, Attachment];

const dmsEntities = [ProductCategory, Product, Warehouse, WarehouseLane, InventoryLevel, Order, OrderLine, Receivable, RebateStatement, RebateEntry, DiversionCase, DealerTierChange];

/** The admin views' own rows. */
const adminEntities = [SavedView];

export const entities = [Tenant, Region, Dealer, Role, User, UserRole, Session, ApiToken, LoginAttempt, LoginThrottle, RuleSetVersion, ConfigDocumentVersion, Deployment, TenantSecret, ...workflowEntities, ...dmsEntities, ...adminEntities];

/** Entities whose rows belong to a tenant: the global tenant filter covers exactly these. */
export const tenantOwnedEntities = [Region, Dealer, Role, User, UserRole, Session, ApiToken, RuleSetVersion, ConfigDocumentVersion, Deployment, TenantSecret, ...workflowEntities, ...dmsEntities, ...adminEntities];

/** Entities a dealer user may see only for its own dealer (the Dealer row itself, and later orders, claims…). */
export const dealerOwnedEntities = [Dealer, WorkflowInstance, Order, Receivable, RebateStatement, RebateEntry, DiversionCase];
