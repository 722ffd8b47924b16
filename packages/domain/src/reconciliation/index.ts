export * from './reconcile-book';
