import Form from '@rjsf/antd';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';
import { Alert, Button } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useState } from 'react';
import { useLocale } from '../app/i18n';
import { checkFormData, createFormValidator, VisibilityEvaluator, type FormCheck } from './form-validation';
import { localizeSchema, renderUiSchema, runtimeNames } from './render-schema';
import { createRuntimeContext } from './runtime-context';
import { LinesTableField } from './widgets/LinesTableField';
import { runtimeWidgets } from './widgets/runtime-widgets';
import './form-runtime.css';

export interface FormRendererProps {
  /** The form's JSON Schema and uiSchema (FormDefinition `schema` and `uiSchema`). */
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  formData?: unknown;
  onChange?(data: unknown): void;
  /** Called with the data (hidden fields dropped) only when it is valid. */
  onSubmit?(data: unknown): void;
  /** Called after every submit with the check's result. */
  onChecked?(check: FormCheck): void;
  submitLabel?: string;
  submitTestId?: string;
  hideSubmit?: boolean;
  disabled?: boolean;
}

export interface FormRendererHandle {
  /** Runs the submit checks without the button. */
  check(): FormCheck;
}

const fields = { [runtimeNames.linesTable]: LinesTableField };

/**
 * The one form renderer: the studio's preview and the dealer portal show a form with this
 * component, so what the business admin tries is what the dealer gets. Validation uses the
 * project's ajv formats and Chinese messages; conditional fields are hidden and their values
 * dropped exactly when the schema's own `if` says so.
 */
export const FormRenderer = forwardRef<FormRendererHandle, FormRendererProps>(function FormRenderer(props, ref) {
  const { schema, uiSchema, onChange, onSubmit, onChecked, submitLabel, submitTestId, hideSubmit, disabled } = props;
  const { locale } = useLocale();
  const validator = useMemo(() => createFormValidator(locale), [locale]);
  const visibility = useMemo(() => new VisibilityEvaluator(), []);
  const context = useMemo(() => createRuntimeContext(locale), [locale]);
  const [data, setData] = useState<unknown>(() => visibility.strip(schema, props.formData ?? {}));
  const [check, setCheck] = useState<FormCheck | null>(null);

  useEffect(() => {
    if (props.formData !== undefined) setData(visibility.strip(schema, props.formData));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.formData]);

  const renderSchema = useMemo(() => localizeSchema(schema, locale) as RJSFSchema, [schema, locale]);
  const hidden = useMemo(() => {
    try {
      return new Set(visibility.hiddenPointers(schema, data));
    } catch {
      return new Set<string>();
    }
  }, [visibility, schema, data]);
  const renderUi = useMemo(() => renderUiSchema(schema, uiSchema, hidden, locale) as UiSchema, [schema, uiSchema, hidden, locale]);

  const runCheck = (value: unknown): FormCheck => {
    const stripped = visibility.strip(schema, value);
    return checkFormData(validator, renderSchema, stripped, locale);
  };

  // Schema or language changed after a failed submit: show the errors of the new rules.
  useEffect(() => {
    if (check && !check.ok) setCheck(runCheck(data));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [renderSchema, validator]);

  useImperativeHandle(ref, () => ({ check: () => runCheck(data) }));

  const zh = locale !== 'en';
  return (
    <div className="cf-form-runtime">
      {check && !check.ok ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="form-errors"
          title={zh ? `有 ${check.errors.length} 处需要修改` : `${check.errors.length} problem(s) to fix`}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{check.errors.slice(0, 8).map((e: RJSFValidationError, i) => <li key={i}>{e.stack}</li>)}</ul>}
        />
      ) : null}
      <Form
        schema={renderSchema}
        uiSchema={renderUi}
        formData={data}
        validator={validator}
        widgets={runtimeWidgets}
        fields={fields}
        formContext={context}
        noHtml5Validate
        noValidate
        showErrorList={false}
        disabled={disabled}
        extraErrors={check && !check.ok ? (check.errorSchema as ErrorSchema) : undefined}
        onChange={(e) => {
          const next = visibility.strip(schema, e.formData);
          setData(next);
          if (check && !check.ok) setCheck(runCheck(next));
          onChange?.(next);
        }}
        onSubmit={(e) => {
          const stripped = visibility.strip(schema, e.formData);
          const result = checkFormData(validator, renderSchema, stripped, locale);
          setCheck(result);
          onChecked?.(result);
          if (result.ok) onSubmit?.(stripped);
        }}
      >
        {hideSubmit ? <></> : (
          <Button type="primary" htmlType="submit" data-testid={submitTestId ?? 'btn-form-submit'}>
            {submitLabel ?? (zh ? '提交' : 'Submit')}
          </Button>
        )}
      </Form>
    </div>
  );
});
