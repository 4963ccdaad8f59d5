import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A nested DTO validated as an object: class-validator's ValidateNested alone lets an array through where an
 * object belongs (it validates the array's elements, of which there may be none) and lets a missing value
 * through, so `address: []` reached the service as an empty object. With `each`, every element of an array
 * must be an object. Combine with IsOptional for an optional field, and with IsArray for `each`.
 */
export function ValidateNestedObject(
  type: () => abstract new (...args: never[]) => object,
  options: { each?: boolean } = {},
): PropertyDecorator {
  const each = options.each ?? false;
  return applyDecorators(
    IsObject({ each, message: each ? '$property must hold objects' : '$property must be an object' }),
    ValidateNested({ each }),
    Type(type),
  );
}
