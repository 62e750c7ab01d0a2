import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  bool,
  emptyable,
  listSpec,
  metadata,
  required,
  string,
  strings,
  validate,
  type Spec,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { deletedObject, findOr404, mergeMetadata, orNull, snapshot } from './common.ts';
import { createPrice } from './prices.ts';
import { searchRoute } from './search.ts';

const writable: Spec = {
  name: string,
  active: bool,
  description: emptyable(string),
  metadata,
  images: strings,
  marketing_features: anything,
  statement_descriptor: emptyable(string),
  tax_code: emptyable(string),
  unit_label: emptyable(string),
  url: emptyable(string),
  shippable: bool,
  package_dimensions: anything,
};

const createSpec: Spec = {
  ...writable,
  name: required(string),
  id: string,
  type: string,
  default_price_data: anything,
};

function createProduct(emulator: Emulator, params: Stripe.ProductCreateParams): Stripe.Product {
  const id = params.id ?? newId('prod');
  if (emulator.db.products.get(id))
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  const now = emulator.clock.now();
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: params.active ?? true,
    created: now,
    default_price: null,
    description: params.description ?? null,
    images: params.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, params.metadata),
    name: params.name,
    package_dimensions: null,
    shippable: params.shippable ?? null,
    statement_descriptor: params.statement_descriptor ?? null,
    tax_code: params.tax_code ?? null,
    type: 'service',
    unit_label: params.unit_label ?? null,
    updated: now,
    url: params.url ?? null,
    tax_details: null,
  };
  emulator.db.products.put(product);
  emulator.emit('product.created', product, now);
  const priceData = params.default_price_data;
  if (priceData) {
    const price = createPrice(emulator, { ...priceData, product: product.id } as Stripe.PriceCreateParams);
    const before = snapshot(product);
    product.default_price = price.id;
    emulator.emitUpdated('product.updated', before, product, now);
  }
  return product;
}

function updateProduct(
  emulator: Emulator,
  product: Stripe.Product,
  params: Stripe.ProductUpdateParams,
): Stripe.Product {
  const before = snapshot(product);
  if (params.name !== undefined) product.name = params.name;
  if (params.active !== undefined) product.active = params.active;
  if (params.description !== undefined) product.description = orNull(params.description);
  if (params.images !== undefined)
    product.images = params.images === '' || params.images === null ? [] : params.images;
  if (params.unit_label !== undefined) product.unit_label = orNull(params.unit_label);
  if (params.url !== undefined) product.url = orNull(params.url);
  if (params.default_price !== undefined) product.default_price = orNull(params.default_price);
  product.metadata = mergeMetadata(product.metadata, params.metadata);
  product.updated = emulator.clock.now();
  emulator.db.products.put(product);
  emulator.emitUpdated('product.updated', before, product, product.updated);
  return product;
}

export function productRoutes(router: Router, emulator: Emulator): void {
  const products = emulator.db.products;
  router.post('/v1/products', ({ params }) => createProduct(emulator, validate(params, createSpec)));
  searchRoute(router, 'products', products, ['name', 'active', 'description']);
  router.get('/v1/products/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(products, pathParams[0]!);
  });
  router.post('/v1/products/:id', ({ pathParams, params }) =>
    updateProduct(
      emulator,
      findOr404(products, pathParams[0]!),
      validate(params, { ...writable, default_price: emptyable(string) }),
    ),
  );
  router.delete('/v1/products/:id', ({ pathParams, params }) => {
    validate(params, {});
    const product = findOr404(products, pathParams[0]!);
    if (emulator.db.prices.filter((price) => price.product === product.id).length > 0) {
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.');
    }
    products.delete(product.id);
    emulator.emit('product.deleted', product, emulator.clock.now());
    return deletedObject(product.id, 'product');
  });
  router.get('/v1/products', ({ params }) => {
    const query = validate<ListParams & { active?: boolean; ids?: string[] }>(params, {
      ...listSpec,
      active: bool,
      ids: strings,
      shippable: bool,
      url: string,
    });
    const rows = products.filter(
      (row) =>
        (query.active === undefined || row.active === query.active) &&
        (!query.ids || query.ids.includes(row.id)),
    );
    return paginate(newestFirst(rows), query, '/v1/products', 'product');
  });
}
