import { ErrorSummary, Field } from '../ui/components.tsx';

export interface FormState {
  readonly values?: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly message?: string | undefined;
}

export function SignUpForm({ values = {}, fields = {}, message }: FormState) {
  return (
    <div class="narrow">
      <h1>Create your account</h1>
      <p>Join your community's programmes, write about what you learn and meet your peers.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action="/sign-up" novalidate>
        <Field
          name="displayName"
          label="Your name"
          value={values.displayName}
          error={fields.displayName}
          autocomplete="name"
          required
          maxlength={80}
          hint="As people will see it. A first name or a pen name is fine."
        />
        <Field
          name="handle"
          label="Handle"
          value={values.handle}
          error={fields.handle}
          autocomplete="username"
          required
          maxlength={30}
          hint="3–30 letters, digits or _. Your blog lives at /@handle."
        />
        <Field
          name="email"
          label="Email address"
          type="email"
          value={values.email}
          error={fields.email}
          autocomplete="email"
          required
          hint="Never shown to other members."
        />
        <Field
          name="password"
          label="Password"
          type="password"
          error={fields.password}
          autocomplete="new-password"
          required
          minlength={12}
          hint="At least 12 characters. A few unrelated words make a strong one."
        />
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </div>
  );
}

export function SignInForm({ values = {}, fields = {}, message, next }: FormState & { next: string }) {
  return (
    <div class="narrow">
      <h1>Sign in</h1>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action="/sign-in" novalidate>
        <input type="hidden" name="next" value={next} />
        <Field name="login" label="Handle or email address" value={values.login} error={fields.login} autocomplete="username" required />
        <Field name="password" label="Password" type="password" error={fields.password} autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/forgot-password">Forgotten your password?</a> · New here? <a href="/sign-up">Create an account</a>.
      </p>
    </div>
  );
}

export function ForgotPasswordForm({ values = {}, fields = {}, message }: FormState) {
  return (
    <div class="narrow">
      <h1>Reset your password</h1>
      <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action="/forgot-password" novalidate>
        <Field name="email" label="Email address" type="email" value={values.email} error={fields.email} autocomplete="email" required />
        <button type="submit">Send reset link</button>
      </form>
    </div>
  );
}

export function ResetPasswordForm({ fields = {}, message, token }: FormState & { token: string }) {
  return (
    <div class="narrow">
      <h1>Choose a new password</h1>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <Field
          name="password"
          label="New password"
          type="password"
          error={fields.password}
          autocomplete="new-password"
          required
          minlength={12}
          hint="At least 12 characters."
        />
        <button type="submit">Set new password</button>
      </form>
    </div>
  );
}

export function SignOutConfirm() {
  return (
    <div class="narrow">
      <h1>Sign out</h1>
      <form method="post" action="/sign-out">
        <button type="submit">Sign out of Commonplace</button>
      </form>
    </div>
  );
}

export function LinkProblem({ title, text }: { title: string; text: string }) {
  return (
    <div class="narrow">
      <h1>{title}</h1>
      <p>{text}</p>
    </div>
  );
}
