import { commandsIn } from '@guildhall/bot/i18n';
import { commandText, optionDescription } from '@guildhall/bot/command-texts';
import { privilegedRoleRefusal, type Refusal } from '@guildhall/events';
import {
  fieldOf,
  Forms,
  Sections,
  type FieldSpec,
  type FormSpec,
  type SectionId,
  type SettingsState,
  type WebMessage,
} from '../settings.ts';
import { refusalHtml, refusalPlain } from '../words.ts';
import { choiceLabel, GuildFrame, type DirectoryView } from './guild.tsx';
import { Csrf, type PageContext } from './page.tsx';

/** What the last form sent came to, shown once above that form. */
export interface Flash {
  form: string;
  kind: 'saved' | 'nothing' | 'pending' | 'refused';
  reason?: Refusal;
}

const SectionTitles: Record<SectionId, WebMessage> = {
  karma: 'sectionKarma',
  economy: 'sectionEconomy',
  levels: 'sectionLevels',
  moderation: 'sectionModeration',
  welcome: 'sectionWelcome',
  dashboard: 'sectionDashboard',
};

/** The label of each option a form shows, by the option's name. */
export const FieldLabels: Readonly<Record<string, WebMessage>> = {
  enabled: 'fieldEnabled',
  currency_name: 'fieldCurrencyName',
  currency_symbol: 'fieldCurrencySymbol',
  earn_amount: 'fieldEarnAmount',
  earn_cooldown: 'fieldEarnCooldown',
  daily_amount: 'fieldDailyAmount',
  role: 'fieldRole',
  price: 'fieldPrice',
  description: 'fieldDescription',
  min: 'fieldMin',
  max: 'fieldMax',
  cooldown: 'fieldCooldown',
  channel: 'fieldChannel',
  level: 'fieldLevel',
  warns: 'fieldWarns',
  days: 'fieldDays',
  action: 'fieldAction',
  duration: 'fieldDuration',
  messages: 'fieldMessages',
  seconds: 'fieldSeconds',
  mentions: 'fieldMentions',
  message: 'fieldMessage',
};

/** Forms whose role is handed to members, so the privileged-role rule applies to it (as core checks it). */
const HandedOutRoles = new Set(['shop-add', 'reward-set', 'autorole']);

/** A settings section: its forms, each with what is stored now and what the last change came to. */
export function SettingsView({
  ctx,
  view,
  section,
  state,
  flash,
}: {
  ctx: PageContext;
  view: DirectoryView;
  section: SectionId;
  state: SettingsState;
  flash: Flash | null;
}) {
  const t = ctx.text.m.web;
  const base = `/g/${view.guild.guildId}/settings`;
  return (
    <GuildFrame ctx={ctx} view={view} tab="settings" title={t[SectionTitles[section]]()}>
      <div class="settings">
        <nav class="side" aria-label={t.settings()}>
          {Sections.map((s) => (
            <a
              href={`${base}/${s}`}
              class={s === section ? 'side-on' : undefined}
              aria-current={s === section ? 'page' : undefined}
            >
              {t[SectionTitles[s]]()}
            </a>
          ))}
        </nav>
        <div class="forms">
          <p class="muted intro">{t.settingsIntro()}</p>
          {Forms.filter((f) => f.section === section).map((form) => (
            <FormCard ctx={ctx} view={view} form={form} state={state} flash={flash?.form === form.id ? flash : null} />
          ))}
        </div>
      </div>
    </GuildFrame>
  );
}

function FormCard({
  ctx,
  view,
  form,
  state,
  flash,
}: {
  ctx: PageContext;
  view: DirectoryView;
  form: FormSpec;
  state: SettingsState;
  flash: Flash | null;
}) {
  const t = ctx.text.m.web;
  const action = `/g/${view.guild.guildId}/settings/${form.section}/${form.id}`;
  const { path } = commandText(commandsIn(ctx.text.locale), form.command, form.subcommand);
  const values = form.current?.(state) ?? {};
  return (
    <section class="card form-card" id={form.id} data-testid={`form-${form.id}`}>
      <header class="form-head">
        <h2>{t[form.title]()}</h2>
        <code class="slash">{t.slashEquivalent({ command: path })}</code>
      </header>
      {flash && <FlashBanner ctx={ctx} flash={flash} />}
      {form.row ? (
        <RowForms ctx={ctx} view={view} form={form} state={state} action={action} />
      ) : (
        <form method="post" action={action} class="form">
          <Csrf token={ctx.csrf} />
          <div class="fields">
            {form.fields.map((name) => (
              <Field ctx={ctx} view={view} form={form} field={fieldOf(form, name)} value={values[name] ?? ''} />
            ))}
          </div>
          <button class={form.submit === 'turnOff' ? 'button button-danger' : 'button'} type="submit">
            {t[form.submit]()}
          </button>
        </form>
      )}
    </section>
  );
}

function FlashBanner({ ctx, flash }: { ctx: PageContext; flash: Flash }) {
  const t = ctx.text.m.web;
  if (flash.kind === 'refused' && flash.reason)
    return (
      <div class="flash flash-refused" role="alert" data-testid="flash">
        <strong>{t.refusedTitle()}</strong>{' '}
        <span dangerouslySetInnerHTML={{ __html: refusalHtml(flash.reason, ctx.text) }} />
      </div>
    );
  const words = { saved: t.saved(), nothing: t.nothingChanged(), pending: t.pending(), refused: t.refusedTitle() };
  return (
    <div class={`flash flash-${flash.kind}`} role="status" data-testid="flash">
      {words[flash.kind]}
    </div>
  );
}

/** The rows a remove button acts on (shop items, level rewards), each with its own small form. */
function RowForms({
  ctx,
  view,
  form,
  state,
  action,
}: {
  ctx: PageContext;
  view: DirectoryView;
  form: FormSpec;
  state: SettingsState;
  action: string;
}) {
  const t = ctx.text.m.web;
  const n = ctx.text.number;
  const roleName = (id: string) => view.directory.roles.find((r) => r.id === id)?.name ?? t.unknownRole();
  const rows =
    form.id === 'shop-remove'
      ? state.shop.map((item) => ({
          key: { role: item.roleId },
          label: roleName(item.roleId),
          detail: `${state.economy.currencySymbol} ${n(item.price)}${item.description ? ` · ${item.description}` : ''}`,
        }))
      : state.rewards.map((r) => ({
          key: { level: String(r.level) },
          label: t.rewardLevel({ level: r.level }),
          detail: roleName(r.roleId),
        }));
  if (rows.length === 0)
    return <p class="muted">{form.id === 'shop-remove' ? t.summaryShopEmpty() : t.summaryRewardsEmpty()}</p>;
  return (
    <ul class="rows">
      {rows.map((row) => (
        <li class="row" data-testid="settings-row">
          <span>
            <strong>{row.label}</strong> <span class="muted">{row.detail}</span>
          </span>
          <form method="post" action={action}>
            <Csrf token={ctx.csrf} />
            {Object.entries(row.key).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button
              class="button button-quiet button-small"
              type="submit"
              aria-label={t.removeItem({ item: row.label })}
            >
              {t.remove()}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

function Field({
  ctx,
  view,
  form,
  field,
  value,
}: {
  ctx: PageContext;
  view: DirectoryView;
  form: FormSpec;
  field: FieldSpec;
  value: string;
}) {
  const t = ctx.text.m.web;
  const id = `${form.id}-${field.name}`;
  const labelKey = FieldLabels[field.name];
  const help = optionDescription(commandsIn(ctx.text.locale), form.command, form.subcommand, field.name);
  return (
    <div class="field">
      <label for={id}>
        {labelKey ? t[labelKey]() : field.name}
        {field.required && <span class="req"> · {t.optionRequired()}</span>}
      </label>
      <Input ctx={ctx} view={view} form={form} field={field} id={id} value={value} />
      <small class="help">{help}</small>
    </div>
  );
}

function Input({
  ctx,
  view,
  form,
  field,
  id,
  value,
}: {
  ctx: PageContext;
  view: DirectoryView;
  form: FormSpec;
  field: FieldSpec;
  id: string;
  value: string;
}) {
  const t = ctx.text.m.web;
  const common = { id, name: field.name, required: field.required };
  const empty = <option value="">{field.required ? t.choose() : t.none()}</option>;
  switch (field.kind) {
    case 'integer':
      return (
        <input {...common} type="number" inputMode="numeric" min={field.min} max={field.max} step={1} value={value} />
      );
    case 'boolean':
      return (
        <select {...common}>
          <option value="true" selected={value === 'true'}>
            {t.on()}
          </option>
          <option value="false" selected={value === 'false'}>
            {t.off()}
          </option>
        </select>
      );
    case 'choice':
      return (
        <select {...common}>
          {(field.choices ?? []).map((c) => (
            <option value={c} selected={value === c}>
              {choiceLabel(ctx, c)}
            </option>
          ))}
        </select>
      );
    case 'channel':
      return (
        <select {...common}>
          {empty}
          {view.directory.channels.map((c) => (
            <option value={c.id} selected={value === c.id}>
              #{c.name}
            </option>
          ))}
        </select>
      );
    case 'role': {
      const check = HandedOutRoles.has(form.id);
      const roles = view.directory.roles.filter((r) => r.id !== view.guild.guildId);
      return (
        <select {...common}>
          {empty}
          {roles.map((r) => {
            const refusal = check
              ? privilegedRoleRefusal(r, {
                  guildId: view.guild.guildId,
                  botHighestRolePosition: view.directory.botHighestRolePosition,
                })
              : null;
            return (
              <option value={r.id} selected={value === r.id} disabled={refusal !== null}>
                {refusal ? t.roleUnavailable({ role: r.name, reason: refusalPlain(refusal, ctx.text) }) : r.name}
              </option>
            );
          })}
        </select>
      );
    }
    case 'text':
      return field.name === 'message' ? (
        <textarea {...common} rows={3} maxLength={field.maxLength} minLength={field.minLength}>
          {value}
        </textarea>
      ) : (
        <input {...common} type="text" maxLength={field.maxLength} minLength={field.minLength} value={value} />
      );
  }
}
