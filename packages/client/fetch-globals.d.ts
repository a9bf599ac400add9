// The generated client names BodyInit, a type of the DOM library; this project compiles against Node's types only,
// whose fetch takes the same bodies (RequestInit is global there). A browser portal has the DOM's own.
declare global {
  type BodyInit = NonNullable<RequestInit["body"]>;
}

export {};
