import Form from '@rjsf/antd';
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import localizeZh from 'ajv-i18n/localize/zh';
import { useMemo } from 'react';
import type { FlowNode } from '../../../../rules/flow/index.js';
import { nodeTypes } from '../../../../schemas/flow/node-types.js';
import { useLocale } from '../../app/i18n';
import { paramsFormSchema, paramsUiSchema } from './params-form-schema';

/** The formats schemas/ajv.ts adds, so the form accepts what the server accepts. */
const customFormats = { money: /^-?\d{1,15}(\.\d{1,2})?$/, decimal: /^-?\d{1,20}(\.\d{1,20})?$/ };

interface Props {
  node: FlowNode;
  onChange(params: FlowNode['params']): void;
  onBlur(): void;
}

/** The node's parameters as a form generated from its type's JSON Schema (rjsf, antd theme, ajv8 with Chinese messages). */
export function ParamsForm({ node, onChange, onBlur }: Props) {
  const { locale } = useLocale();
  const schemaId = nodeTypes[node.type].paramsSchema.$id;
  const schema = useMemo(() => paramsFormSchema(schemaId, locale) as RJSFSchema, [schemaId, locale]);
  const uiSchema = useMemo(() => paramsUiSchema(schema as Record<string, unknown>, locale), [schema, locale]);
  const validator = useMemo(() => customizeValidator({ customFormats }, locale === 'zh-CN' ? localizeZh : undefined), [locale]);
  return (
    <Form
      key={`${node.id}:${locale}`}
      schema={schema}
      uiSchema={uiSchema}
      formData={node.params}
      validator={validator}
      liveValidate="onChange"
      showErrorList={false}
      noHtml5Validate
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateRequiredDefaults' }}
      onChange={(e) => {
        const next = JSON.parse(JSON.stringify(e.formData ?? {})) as FlowNode['params'];
        if (JSON.stringify(next) !== JSON.stringify(node.params)) onChange(next);
      }}
      onBlur={onBlur}
    />
  );
}
