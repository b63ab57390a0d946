export {
  addContextRestriction,
  deleteContextRestriction,
  listContextRestrictions,
  type TContextRestrictionInput,
  ZContextRestrictionInputSchema,
} from "./context-restrictions.ts";
export {
  deleteContextVariable,
  listContextVariables,
  setContextVariable,
  ZContextVariableValueSchema,
} from "./context-variables.ts";
export {
  createContext,
  deleteContext,
  listContexts,
  restrictContextToGroups,
  restrictContextToProjects,
  type TCreateContext,
  ZCreateContextSchema,
} from "./contexts.ts";
export { findVisibleContext } from "./find-visible-context.ts";
export type { PresentedContext, PresentedContextVariable } from "./present-context.ts";
