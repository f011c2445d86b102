/** CSS modules (Vite): a component's own class names, scoped to it. */
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}
