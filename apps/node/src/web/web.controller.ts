import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_REASONS,
  ASSESSMENT_TYPES,
  GENDERS,
  SENSITIVE_SERVICE_TYPES,
  SERVICE_TYPES,
} from '@cp/record-model';
import { Public } from '../access/access.decorators';
import { ROLES } from '../access/roles';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { LA_NAMES } from './la-names';

/** What the web app needs before anyone signs in: which LA this is, and the controlled lists it offers. */
export interface WebConfig {
  laCode: string;
  laName: string;
  lists: {
    accessReasons: readonly string[];
    serviceTypes: readonly string[];
    sensitiveServiceTypes: readonly string[];
    assessmentTypes: readonly string[];
    genders: readonly string[];
    roles: readonly string[];
  };
  /** LA names by ONS code, for naming the LAs of cross-boundary answers. */
  laNames: Readonly<Record<string, string>>;
}

@ApiTags('web')
@Controller('web')
export class WebController {
  private readonly config: WebConfig;

  constructor(@Inject(NODE_SETTINGS) settings: NodeSettings) {
    this.config = {
      laCode: settings.NODE_LA_CODE,
      laName: settings.NODE_LA_NAME,
      lists: {
        accessReasons: ACCESS_REASONS,
        serviceTypes: SERVICE_TYPES,
        sensitiveServiceTypes: SENSITIVE_SERVICE_TYPES,
        assessmentTypes: ASSESSMENT_TYPES,
        genders: GENDERS,
        roles: ROLES,
      },
      laNames: { ...LA_NAMES, [settings.NODE_LA_CODE]: settings.NODE_LA_NAME },
    };
  }

  /** The controlled lists come from @cp/record-model, so the pages offer exactly what the API accepts. */
  @Get('config')
  @Public()
  @ApiOperation({ summary: "The web app's start-up data: this LA, the controlled lists, LA names" })
  webConfig(): WebConfig {
    return this.config;
  }
}
