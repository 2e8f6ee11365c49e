export { DeskStateError, parseDesk, serializeDesk } from "./codec.ts";
export { createDeskState, DEFAULT_LIMITS, type DeskOptions } from "./create.ts";
export { applyEvent, foldEvents } from "./fold.ts";
export { type ViewOptions, viewDesk } from "./view.ts";
