// Vite bundles CSS imported for its side effect; nothing is imported by name.
declare module '*.css'
