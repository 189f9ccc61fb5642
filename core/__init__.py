"""The base below every app: role names, access policies and the shared list, export, import, history,
versioning, form and text helpers. It imports no app of the project."""
