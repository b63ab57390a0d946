"use client";

import type { RouterOutputs } from "@cairn/api/trpc";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react.tsx";
import { formatTime } from "../format.ts";
import {
  ConfirmButton,
  FailureLine,
  ListTable,
  NameForm,
  RowAction,
  SubmitButton,
  VariableInputs,
} from "./settings-parts.tsx";

type ContextList = RouterOutputs["contexts"]["list"];
type ContextItem = ContextList["contexts"][number];

/** The organization's contexts: shared variables, and which projects may use them. */
export function ContextsSection({
  organizationSlug,
  projectSlug,
}: {
  organizationSlug: string;
  projectSlug: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.contexts.list.queryOptions({ organizationSlug }));
  const [name, setName] = useState("");
  const refresh = () =>
    queryClient.invalidateQueries(trpc.contexts.list.queryFilter({ organizationSlug }));
  const create = useMutation(
    trpc.contexts.create.mutationOptions({
      onSuccess: () => {
        setName("");
        return refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ organizationSlug, name: name.trim() });
  }

  const failure = create.error ?? list.error;
  return (
    <section id="contexts" className="panel" data-testid="contexts">
      <h2>Contexts</h2>
      <p className="muted small">
        Contexts belong to the organization <code>{organizationSlug}</code>: a workflow job that
        names one under <code>context:</code> gets its variables. A context restricted to some
        projects is refused to the others.
      </p>
      {list.data === undefined ? null : list.data.contexts.length === 0 ? (
        <p className="empty-inline">This organization has no contexts yet.</p>
      ) : (
        list.data.contexts.map((context) => (
          <ContextCard
            key={context.id}
            context={context}
            projects={list.data.projects}
            projectSlug={projectSlug}
            onChange={refresh}
          />
        ))
      )}
      <NameForm
        label="New context"
        placeholder="aws-production"
        maxLength={200}
        name={name}
        onName={setName}
        pending={create.isPending}
        submitLabel="Create context"
        pendingLabel="Creating…"
        onSubmit={submit}
      />
      <FailureLine failure={failure} />
    </section>
  );
}

function ContextCard({
  context,
  projects,
  projectSlug,
  onChange,
}: {
  context: ContextItem;
  projects: ContextList["projects"];
  projectSlug: string;
  onChange: () => unknown;
}) {
  const trpc = useTRPC();
  const [variableName, setVariableName] = useState("");
  const [value, setValue] = useState("");
  const setVariable = useMutation(
    trpc.contexts.setVariable.mutationOptions({
      onSuccess: () => {
        setVariableName("");
        setValue("");
        return onChange();
      },
    }),
  );
  const deleteVariable = useMutation(
    trpc.contexts.deleteVariable.mutationOptions({ onSuccess: onChange }),
  );
  const remove = useMutation(trpc.contexts.delete.mutationOptions({ onSuccess: onChange }));
  const restrict = useMutation(
    trpc.contexts.restrictToProjects.mutationOptions({ onSuccess: onChange }),
  );
  const allowed = new Set(context.projectIds);

  function toggleProject(projectId: string, on: boolean) {
    const next = new Set(allowed);
    if (on) next.add(projectId);
    else next.delete(projectId);
    restrict.mutate({ contextId: context.id, projectIds: [...next] });
  }

  const failure = setVariable.error ?? deleteVariable.error ?? remove.error ?? restrict.error;
  return (
    <div className="subpanel" data-context={context.name}>
      <div className="subpanel-head">
        <h3>{context.name}</h3>
        <ConfirmButton
          className="danger"
          disabled={remove.isPending}
          confirm={`Delete the context ${context.name} and its variables?`}
          onConfirm={() => remove.mutate({ id: context.id })}
        >
          Delete context
        </ConfirmButton>
      </div>
      <ListTable
        items={context.variables}
        empty="No variables."
        row={(variable) => (
          <tr key={variable.name}>
            <td>
              <code>{variable.name}</code>
            </td>
            <td>
              <code>xxxx{variable.last4}</code>
            </td>
            <td className="muted small">{formatTime(variable.createdAt)}</td>
            <RowAction
              disabled={deleteVariable.isPending}
              onConfirm={() =>
                deleteVariable.mutate({ contextId: context.id, name: variable.name })
              }
            >
              Delete
            </RowAction>
          </tr>
        )}
      />
      <form
        className="form inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setVariable.mutate({ contextId: context.id, name: variableName.trim(), value });
        }}
      >
        <VariableInputs
          label="Variable"
          placeholder="NAME"
          name={variableName}
          onName={setVariableName}
          value={value}
          onValue={setValue}
        />
        <SubmitButton
          pending={setVariable.isPending}
          incomplete={variableName.trim() === ""}
          label="Set"
        />
      </form>
      <fieldset className="projects-allowed">
        <legend>
          Projects that may use it{" "}
          <span className="muted small">
            {allowed.size === 0 ? "(none ticked: every project of the organization)" : ""}
          </span>
        </legend>
        {projects.map((project) => (
          <label key={project.id} className="check">
            <input
              type="checkbox"
              checked={allowed.has(project.id)}
              disabled={restrict.isPending}
              onChange={(event) => toggleProject(project.id, event.target.checked)}
            />
            {project.slug}
            {project.slug === projectSlug ? (
              <span className="muted small"> (this project)</span>
            ) : null}
          </label>
        ))}
      </fieldset>
      <FailureLine failure={failure} />
    </div>
  );
}
