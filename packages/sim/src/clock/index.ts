export * from './sim-clock';
