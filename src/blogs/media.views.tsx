import type { MediaView } from './media.service.ts';

export interface CoverView {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly sizes: ReadonlyArray<{ width: number; url: string }>;
}

/** A post's cover: the browser picks the size it needs from the stored widths. */
export function CoverImage({ cover, small }: { cover: CoverView; small?: boolean }) {
  const srcset = cover.sizes.map((s) => `${s.url} ${s.width}w`).join(', ');
  return (
    <img
      class={small ? 'cover cover-small' : 'cover'}
      src={small ? cover.sizes[0]!.url : cover.url}
      srcset={srcset}
      sizes={small ? '(max-width: 40rem) 100vw, 12rem' : '(max-width: 64rem) 100vw, 64rem'}
      width={cover.width}
      height={cover.height}
      alt={cover.alt}
      loading={small ? 'lazy' : undefined}
    />
  );
}

function FileField({ name, label, hint, error }: { name: string; label: string; hint: string; error?: string | undefined }) {
  const id = `field-${name}`;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        id={id}
        type="file"
        name={name}
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}

const imageHint = 'JPEG, PNG, WebP, GIF or AVIF, up to 10 MB. Location and camera details are removed.';

/**
 * The image part of the write and edit forms: a cover (kept, replaced or removed) and inline images
 * uploaded with their Markdown shown to paste into the body. Works without script.
 */
export function ImageFields({
  coverImage,
  cover,
  recent,
  fields,
  coverAlt,
  imageAlt,
}: {
  coverImage?: string | undefined;
  cover?: CoverView | null | undefined;
  recent: readonly MediaView[];
  fields: Record<string, string>;
  coverAlt?: string | undefined;
  imageAlt?: string | undefined;
}) {
  return (
    <fieldset class="image-fields">
      <legend>Images (optional)</legend>
      {coverImage && <input type="hidden" name="coverImage" value={coverImage} />}
      {cover && (
        <div class="current-cover">
          <p>Current cover image:</p>
          <CoverImage cover={cover} small />
          <p>
            <input type="checkbox" id="field-removeCover" name="removeCover" value="1" />{' '}
            <label for="field-removeCover">Remove the cover image</label>
          </p>
        </div>
      )}
      {fields.coverImage && !fields.cover && (
        <p class="field-error">
          <span class="visually-hidden">Error: </span>
          {fields.coverImage}
        </p>
      )}
      <FileField
        name="cover"
        label={cover ? 'Replace the cover image' : 'Cover image'}
        hint={`Shown above the post, in lists and in feeds. ${imageHint}`}
        error={fields.cover}
      />
      <div class="field">
        <label for="field-coverAlt">Describe the cover image</label>
        <p class="hint" id="field-coverAlt-hint">
          For people who cannot see it. Leave empty if it is only decoration.
        </p>
        <input id="field-coverAlt" name="coverAlt" type="text" maxlength={500} value={coverAlt} aria-describedby="field-coverAlt-hint" />
      </div>
      <FileField
        name="image"
        label="Picture to place in the text"
        hint={`Upload it, then paste the Markdown shown below where it should appear. ${imageHint}`}
        error={fields.image}
      />
      <div class="field">
        <label for="field-imageAlt">Describe that picture</label>
        <input id="field-imageAlt" name="imageAlt" type="text" maxlength={500} value={imageAlt} />
      </div>
      <button type="submit" name="action" value="upload" class="secondary">
        Upload image
      </button>
      {recent.length > 0 && (
        <section class="recent-images" aria-labelledby="recent-images-title">
          <h2 id="recent-images-title">Your images</h2>
          <p class="hint">Copy a line into the body where the image should appear.</p>
          <ul>
            {recent.map((m, i) => (
              <li>
                <img
                  src={m.sizes[0]!.url}
                  alt=""
                  width={m.sizes[0]!.width}
                  height={Math.round((m.height * m.sizes[0]!.width) / m.width)}
                  loading="lazy"
                />
                <label for={`snippet-${i}`} class="visually-hidden">
                  Markdown for image {i + 1}
                  {m.alt ? `: ${m.alt}` : ''}
                </label>
                <input id={`snippet-${i}`} class="snippet" type="text" readonly value={m.markdown} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </fieldset>
  );
}
