import { AttachmentView } from './attachment-api.schema.js';
import { NotificationListQuery, NotificationPage, NotificationReadAll, NotificationView } from './notification-api.schema.js';
import { ApiTokenCreate, ApiTokenCreated, ApiTokenView, CurrentUser, LoginRequest, LoginResponse, PasswordChange } from './auth.schema.js';
import { ErrorResponse, IdParams } from './common.schema.js';
import { DashboardOverview, DashboardQuery } from './dashboard-api.schema.js';
import { DealerUpdate, DealerView } from './dealer.schema.js';
import { AdminDealerFilter, AdminDealerPage, AdminDealerQuery, AdminDealerRow, AdminProductFilter } from './admin-tables.schema.js';
import { ImportQuery, ImportReport } from './record-import.schema.js';
import { IncidentOptionsView, IncidentResolveRequest } from './incident-resolution.schema.js';
import { SavedViewCreate, SavedViewListQuery, SavedViewState, SavedViewUpdate, SavedViewView } from './saved-view.schema.js';
import { InventoryQuery, InventoryView, PriceAdjustment, PricingDetail, ProductListQuery, ProductView, WarehouseView } from './dms-catalogue.schema.js';
import { BulkApproveRequest, BulkApproveResponse, InboxRow, InboxRowsQuery, InboxRowsResponse, InboxTaskDetail, InboxUser } from './inbox-api.schema.js';
import { CreditView, DealerScopeQuery, RebateAccountView, RebateStatementView } from './dms-finance.schema.js';
import { OrderCancelRequest, OrderSubmitRequest, OrderTimeline, TierReviewReport, TierReviewRequest } from './order-loop.schema.js';
import { OrderCreateRequest, OrderList, OrderListQuery, OrderQuote, OrderQuoteRequest, OrderSummary, OrderView } from './dms-order.schema.js';
import { CalendarView, RegionView } from './region-calendar.schema.js';
import { RoleAssignment, RoleCreate, RoleHolding, RoleView } from './role.schema.js';
import {
  RuleSetBatchRequest, RuleSetBatchResult, RuleSetDraftUpdate, RuleSetEvaluateRequest, RuleSetEvaluation,
  RuleSetKeyParams, RuleSetValidationReport, RuleSetVersionParams, RuleSetVersionView,
} from './rule-set-api.schema.js';
import { TenantCreate, TenantView } from './tenant.schema.js';
import { UserCreate, UserUpdate, UserView } from './user.schema.js';
import { TenantVocabulary } from './vocabulary.schema.js';
import { ExtensionPointList } from './extension-point-api.schema.js';
import {
  IncidentIdParams, InboxQuery, InstanceCommentRequest, InstanceListQuery, InstanceStartRequest, InstanceWithdrawRequest, NodeTypeRegistry,
  TaskAddSignerRequest, TaskApproveRequest, TaskIdParams, TaskRejectRequest, TaskReturnRequest, TaskTransferRequest, WorkflowDefinitionSummary,
  WorkflowEventView, WorkflowIncidentView, WorkflowInstanceView, WorkflowKeyParams, WorkflowTaskView,
} from './workflow-api.schema.js';
import {
  DefinitionDocumentCheck, DefinitionKeyParams, DefinitionListEntry, DefinitionValidationReport, DefinitionVersionParams,
  DefinitionVersionView, FormDefinitionCreate, FormDraftUpdate, InstanceMigrationReport, InstanceMigrationRequest, WorkflowDefinitionCreate, WorkflowDraftDocument, WorkflowDraftUpdate,
} from './workflow-definition-api.schema.js';

/** Request and response bodies of the HTTP API (Fastify routes `$ref` them by `$id`). */
export const apiSchemas = [
  ErrorResponse, IdParams,
  LoginRequest, CurrentUser, LoginResponse, PasswordChange, ApiTokenCreate, ApiTokenView, ApiTokenCreated,
  UserCreate, UserUpdate, UserView,
  RoleCreate, RoleView, RoleAssignment, RoleHolding, RegionView, CalendarView,
  TenantCreate, TenantView,
  DealerView, DealerUpdate,
  AdminDealerFilter, AdminDealerQuery, AdminDealerRow, AdminDealerPage, AdminProductFilter, ImportQuery, ImportReport,
  SavedViewState, SavedViewListQuery, SavedViewCreate, SavedViewUpdate, SavedViewView,
  PriceAdjustment, PricingDetail, ProductListQuery, ProductView, WarehouseView, InventoryQuery, InventoryView,
  OrderQuoteRequest, OrderCreateRequest, OrderQuote, OrderListQuery, OrderSummary, OrderList, OrderView,
  OrderSubmitRequest, OrderCancelRequest, OrderTimeline, TierReviewRequest, TierReviewReport,
  DealerScopeQuery, RebateAccountView, RebateStatementView, CreditView,
  RuleSetKeyParams, RuleSetVersionParams, RuleSetEvaluateRequest, RuleSetBatchRequest, RuleSetEvaluation,
  RuleSetBatchResult, RuleSetVersionView, RuleSetDraftUpdate, RuleSetValidationReport,
  WorkflowKeyParams, TaskIdParams, IncidentIdParams, InstanceStartRequest, InstanceListQuery, InboxQuery,
  TaskApproveRequest, TaskRejectRequest, TaskReturnRequest, TaskTransferRequest, TaskAddSignerRequest, InstanceWithdrawRequest, InstanceCommentRequest,
  WorkflowDefinitionSummary, WorkflowTaskView, WorkflowInstanceView, WorkflowEventView, WorkflowIncidentView, NodeTypeRegistry,
  IncidentResolveRequest, IncidentOptionsView,
  DefinitionKeyParams, DefinitionVersionParams, WorkflowDefinitionCreate, WorkflowDraftDocument, WorkflowDraftUpdate, FormDefinitionCreate, FormDraftUpdate, DefinitionDocumentCheck,
  DefinitionVersionView, DefinitionListEntry, DefinitionValidationReport, InstanceMigrationRequest, InstanceMigrationReport,
  AttachmentView, NotificationListQuery, NotificationView, NotificationPage, NotificationReadAll,
  DashboardQuery, DashboardOverview,
  BulkApproveRequest, BulkApproveResponse, InboxRowsQuery, InboxRow, InboxRowsResponse, InboxTaskDetail, InboxUser,
  TenantVocabulary,
  ExtensionPointList,
] as const;
